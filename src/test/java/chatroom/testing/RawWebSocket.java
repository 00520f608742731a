package chatroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * WebSocket written out by hand over a plain socket, as RFC 6455 describes it: the HTTP upgrade,
 * then frames with a 2-to-14-byte header, masked from client to server. Deliberately independent of
 * any WebSocket library, so tests can look at the bytes and break the rules on purpose.
 */
public final class RawWebSocket implements AutoCloseable {
  /** The RFC's fixed GUID, appended to the client's key before hashing it. */
  public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  public static final int TEXT = 0x1;
  public static final int BINARY = 0x2;
  public static final int CLOSE = 0x8;

  /** One frame as read: its opcode and its (unmasked) payload. */
  public record Frame(int opcode, byte[] payload) {
    /** The payload as UTF-8 text. */
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code, or 1005 if it has none. */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final String key;
  private final String statusLine;
  private final Map<String, String> headers;

  private RawWebSocket(Socket socket, String key, String origin, int port) throws IOException {
    this.socket = socket;
    this.key = key;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    String request =
        "GET /chat HTTP/1.1\r\n"
            + "Host: localhost:"
            + port
            + "\r\n"
            + "Upgrade: websocket\r\n"
            + "Connection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\n"
            + "Sec-WebSocket-Version: 13\r\n"
            + (origin == null ? "" : "Origin: " + origin + "\r\n")
            + "\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String[] lines = readHead().split("\r\n");
    this.statusLine = lines[0];
    this.headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
  }

  /**
   * Connects to localhost:{@code port} and asks for the upgrade; every read gives up after {@code
   * timeout}. A small receive buffer lets a test that never reads fill it quickly.
   */
  public static RawWebSocket connect(int port, String origin, Duration timeout, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("localhost", port));
    socket.setSoTimeout((int) timeout.toMillis());
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return new RawWebSocket(socket, Base64.getEncoder().encodeToString(nonce), origin, port);
  }

  /** What a server must answer in {@code Sec-WebSocket-Accept} to {@code key}. */
  public static String acceptFor(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      head.write(in.readUnsignedByte());
      byte[] bytes = head.toByteArray();
      int n = bytes.length;
      if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r') {
        if (bytes[n - 1] == '\n') {
          return new String(bytes, 0, n - 4, StandardCharsets.ISO_8859_1);
        }
      }
    }
  }

  /** The key this client sent. */
  public String key() {
    return key;
  }

  /** The server's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}. */
  public String statusLine() {
    return statusLine;
  }

  /** A response header by its name in any case, or null. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Sends one whole frame, masked as a client must unless {@code masked} is false. */
  public void send(int opcode, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode); // FIN: this frame is the whole message
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    } else {
      frame.write(maskBit | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >> shift));
      }
    }
    byte[] body = payload.clone();
    if (masked) {
      byte[] mask = new byte[4];
      RANDOM.nextBytes(mask);
      frame.write(mask);
      for (int i = 0; i < body.length; i++) {
        body[i] ^= mask[i % 4];
      }
    }
    frame.write(body);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Sends a masked text frame. */
  public void sendText(String text) throws IOException {
    send(TEXT, text.getBytes(StandardCharsets.UTF_8), true);
  }

  /** Reads one frame; a server's frames are never masked. */
  public Frame read() throws IOException {
    int first = in.readUnsignedByte();
    int second = in.readUnsignedByte();
    if ((second & 0x80) != 0) {
      throw new IOException("a server must not mask its frames");
    }
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[Math.toIntExact(length)];
    in.readFully(payload);
    return new Frame(first & 0x0f, payload);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
