package chatroom.chat.client;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat server a test plays by hand, frame by frame, on the loopback address: a Go tutorial
 * server, or a hostile one that sends what no honest server would. Every wait is bounded by {@link
 * ChatServerFixture#WAIT}.
 */
public final class ScriptedServer implements AutoCloseable {
  private final ServerSocket listener;

  /** Listens on a free loopback port. */
  public ScriptedServer() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listener.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
  }

  /** The port to give the client. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The next connection, as soon as it is made. */
  public Peer accept() throws IOException {
    Socket socket = listener.accept();
    socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
    return new Peer(socket, socket.getInputStream());
  }

  /**
   * The next connection that sends something. Connections closed before their first byte are
   * skipped: the console client opens one at start only to see that a server is there.
   */
  public Peer acceptSkippingProbes() throws IOException {
    while (true) {
      Socket socket = listener.accept();
      socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
      PushbackInputStream in = new PushbackInputStream(socket.getInputStream());
      int first = in.read();
      if (first < 0) {
        socket.close();
        continue;
      }
      in.unread(first);
      return new Peer(socket, in);
    }
  }

  /**
   * The types of every frame clients sent on the connections not yet accepted, once those are
   * closed: the clients must have hung up. A connection of its own, made last, marks the end.
   */
  public List<String> typesSentOnClosedConnections() throws IOException {
    List<String> types = new ArrayList<>();
    try (Socket marker = new Socket(InetAddress.getLoopbackAddress(), port())) {
      while (true) {
        try (Peer peer = accept()) {
          if (peer.socket.getPort() == marker.getLocalPort()) {
            return types;
          }
          JsonNode frame;
          while ((frame = peer.receive()) != null) {
            types.add(frame.get("type").asText());
          }
        }
      }
    }
  }

  /** One client's connection, as the server sees it. */
  public static final class Peer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    Peer(Socket socket, InputStream in) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(in);
      this.out = socket.getOutputStream();
    }

    /**
     * The next frame's envelope, its {@code data} parsed: {@code {"type":..., "data":{...}}}; null
     * when the client closed the connection instead.
     */
    public JsonNode receive() throws IOException {
      byte[] body;
      try {
        body = new byte[in.readInt()];
        in.readFully(body);
      } catch (EOFException closed) {
        return null;
      }
      JsonNode envelope = RawClient.JSON.readTree(body);
      JsonNode data = RawClient.JSON.readTree(envelope.get("data").asText());
      return RawClient.JSON
          .createObjectNode()
          .put("type", envelope.get("type").asText())
          .put("bytes", body.length)
          .set("data", data);
    }

    /** The next frame's payload, which must be of {@code type}. */
    public JsonNode receive(String type) throws IOException {
      JsonNode envelope = receive();
      if (envelope == null || !type.equals(envelope.get("type").asText())) {
        throw new AssertionError("expected a " + type + ", got " + envelope);
      }
      return envelope.get("data");
    }

    /** Sends a message: {@code payloadJson} becomes the envelope's {@code data}. */
    public void send(String type, String payloadJson) throws IOException {
      sendBody(RawClient.envelope(type, payloadJson));
    }

    /** Sends any text as a frame body, envelope or not. */
    public void sendBody(String body) throws IOException {
      out.write(RawClient.frame(body));
      out.flush();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
