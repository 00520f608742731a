package chatroom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A deliberately independent test client for the framed protocol: it builds frames byte by byte and
 * reads them with its own code, so tests never trust the framing code they are testing.
 */
public final class RawClient implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  /** Connects to 127.0.0.1:{@code port}; every read gives up after {@code timeout}. */
  public RawClient(int port, Duration timeout) throws IOException {
    this(port, timeout, null, 0);
  }

  /**
   * As {@link #RawClient(int, Duration)}, with the kernel's receive buffer fixed at {@code
   * receiveBufferBytes} (0: the system's, which grows to megabytes on loopback): a client on a slow
   * line, whose data backs up in the server rather than in its own kernel.
   */
  public RawClient(int port, Duration timeout, int receiveBufferBytes) throws IOException {
    this(port, timeout, null, receiveBufferBytes);
  }

  /**
   * As {@link #RawClient(int, Duration)}, from {@code localAddress} (say 127.0.0.2: Linux routes
   * all of 127/8 to the loopback interface), so that one test can act as several client addresses;
   * null lets the system choose.
   */
  public RawClient(int port, Duration timeout, String localAddress) throws IOException {
    this(port, timeout, localAddress, 0);
  }

  private RawClient(int port, Duration timeout, String localAddress, int receiveBufferBytes)
      throws IOException {
    socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so the window is small
    }
    if (localAddress != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
    }
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    socket.setSoTimeout((int) timeout.toMillis());
    socket.setTcpNoDelay(true);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The bytes of one frame: a 4-byte big-endian length, then the UTF-8 body. */
  public static byte[] frame(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  /** The envelope a Go tutorial client builds: the payload JSON as a string inside it. */
  public static String envelope(String type, String payloadJson) {
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("type", type);
    envelope.put("data", payloadJson);
    return envelope.toString();
  }

  /** Writes raw bytes as they are. */
  public void sendBytes(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends one frame holding {@code envelope(type, payloadJson)}. */
  public void send(String type, String payloadJson) throws IOException {
    sendBytes(frame(envelope(type, payloadJson)));
  }

  /** Reads one frame and parses its body as JSON; fails the test on a timeout. */
  public JsonNode receive() throws IOException {
    int length = in.readInt();
    byte[] body = new byte[length];
    in.readFully(body);
    return JSON.readTree(body);
  }

  /** The payload of {@code envelope}, parsed: the envelope carries it as a string of JSON. */
  public static JsonNode payloadOf(JsonNode envelope) throws IOException {
    return JSON.readTree(envelope.get("data").asText());
  }

  /** Reads one frame and returns its envelope's payload, parsed; checks the type first. */
  public JsonNode receivePayload(String expectedType) throws IOException {
    JsonNode envelope = receive();
    if (!expectedType.equals(envelope.path("type").asText())) {
      throw new AssertionError("expected a " + expectedType + " but got " + envelope);
    }
    return JSON.readTree(envelope.get("data").asText());
  }

  /**
   * As {@link #receivePayload}, passing over presence notices (others logging in or out) that may
   * come first.
   */
  public JsonNode receivePayloadAfterNotices(String expectedType) throws IOException {
    while (true) {
      JsonNode envelope = receive();
      String type = envelope.path("type").asText();
      if (type.equals(expectedType)) {
        return JSON.readTree(envelope.get("data").asText());
      }
      if (!type.equals("NotifyUserStatusMes")) {
        throw new AssertionError("expected a " + expectedType + " but got " + envelope);
      }
    }
  }

  /** True when the server has closed the connection (end of stream or reset) within the timeout. */
  public boolean closedByServer() throws IOException {
    try {
      return in.read() == -1;
    } catch (EOFException | SocketException closed) {
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    }
  }

  /**
   * True when the server has closed the connection, reading and dropping whatever it had sent
   * before (a client that stopped reading still has that in its buffers).
   */
  public boolean closedByServerAfterDraining() throws IOException {
    byte[] sink = new byte[64 * 1024];
    try {
      while (in.read(sink) >= 0) {
        // what was sent before the end
      }
      return true;
    } catch (SocketException closed) {
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    }
  }

  /** The client's own port, which the server's log names it by. */
  public int localPort() {
    return socket.getLocalPort();
  }

  /** Ends the connection with a TCP reset, as a crashed program's operating system would. */
  public void resetConnection() throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
