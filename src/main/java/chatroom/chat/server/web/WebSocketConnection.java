package chatroom.chat.server.web;

import chatroom.chat.server.process.Connection;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;

/**
 * A session's connection over WebSocket: each frame goes out as one text message holding its
 * envelope. WebSocket marks where a message ends itself, so the 4-byte length of a TCP frame is
 * left off.
 */
final class WebSocketConnection implements Connection {
  /** The length header in front of every frame {@code Transfer.frame} makes. */
  private static final int HEADER_BYTES = 4;

  /** How long a client gets to answer our close frame before the connection is simply cut. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final Session socket;
  private final InetAddress peer;
  private final String describe;
  private volatile boolean writing;

  /** The connection {@code socket} carries, from {@code peer}, named {@code describe} in logs. */
  WebSocketConnection(Session socket, InetAddress peer, String describe) {
    this.socket = socket;
    this.peer = peer;
    this.describe = describe;
  }

  /**
   * Sends each frame's envelope as a text message and returns once Jetty has written them all to
   * the network. Jetty would queue them and return at once; waiting here keeps the rule of {@link
   * Connection#write}, so the session's outbox still sees a client that does not read, and cuts it
   * off at its limit.
   */
  @Override
  public void write(List<byte[]> frames) throws IOException {
    List<Callback.Completable> sent = new ArrayList<>(frames.size());
    writing = true;
    try {
      send(frames, sent);
      awaitAll(sent);
    } finally {
      writing = false;
    }
  }

  private void send(List<byte[]> frames, List<Callback.Completable> sent) {
    for (byte[] frame : frames) {
      if (frame.length <= HEADER_BYTES) {
        continue; // the outbox's empty marker: nothing to send
      }
      Callback.Completable done = new Callback.Completable();
      socket.sendText(envelope(frame), done); // Jetty sends them in this order
      sent.add(done);
    }
  }

  /** The envelope in a frame made by {@code Transfer.frame}: all of it but the length. */
  static String envelope(byte[] frame) {
    return new String(frame, HEADER_BYTES, frame.length - HEADER_BYTES, StandardCharsets.UTF_8);
  }

  private static void awaitAll(List<Callback.Completable> sent) throws IOException {
    for (Callback.Completable done : sent) {
      try {
        done.get();
      } catch (ExecutionException e) {
        throw new IOException("WebSocket write failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while writing");
      }
    }
  }

  /**
   * Hangs up. Normally with WebSocket's closing handshake, so the browser sees a clean close; but a
   * client that has not read what was written would never get the close frame, queued behind it, so
   * then the connection is cut at once, and so is one that does not answer the close in time.
   * Either way Jetty fails any write still waiting, and the session ends.
   */
  @Override
  public void close() {
    if (!socket.isOpen()) {
      return;
    }
    if (writing) {
      socket.disconnect(); // stuck behind a client that does not read
      return;
    }
    socket.setIdleTimeout(CLOSE_WAIT);
    socket.close(StatusCode.NORMAL, null, Callback.NOOP);
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public InetAddress peer() {
    return peer;
  }

  @Override
  public String describe() {
    return describe;
  }
}
