package chatroom.chat.server.web;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.ServerOptions;
import chatroom.chat.server.Sessions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.exceptions.BadPayloadException;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.eclipse.jetty.websocket.api.exceptions.WebSocketTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's WebSocket, as {@link Sessions} needs it: opened, each text message handed on as a
 * request, ended once. The twin of {@code TcpGateway.serve}, written as callbacks because Jetty
 * reads without a thread per connection.
 *
 * <p>Flow control by demand: Jetty delivers the next message only after {@link Session#demand}, and
 * that is called only once the previous request has been handled. A client that sends faster than
 * the server can act is simply read more slowly, as a TCP client is when its thread is busy.
 *
 * <p>Public only because Jetty calls these methods through method handles; made by {@link
 * WebGateway} alone.
 */
public final class ChatEndpoint implements Session.Listener {
  private static final Logger log = LoggerFactory.getLogger(WebGateway.class);

  /** How long a refused client gets to answer our close frame. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

  private final Sessions sessions;
  private final ServerOptions options;
  private final SerialTasks tasks = new SerialTasks();
  private final AtomicBoolean ended = new AtomicBoolean();
  private Session socket;
  private InetAddress peer;
  private String who;
  private chatroom.chat.server.process.Session session; // null when refused
  private boolean loggedIn;

  ChatEndpoint(Sessions sessions) {
    this.sessions = sessions;
    this.options = sessions.options();
  }

  @Override
  public void onWebSocketOpen(Session socket) {
    this.socket = socket;
    InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
    this.peer = remote.getAddress();
    this.who = remote + " (WebSocket)";
    Optional<String> full = sessions.connections().tryOpen(peer);
    if (full.isPresent()) {
      refuseWhenFull(full.get());
      return;
    }
    log.info("{} connected", who);
    // Until a login, the same time limit as on TCP; Jetty closes a connection silent that long.
    socket.setIdleTimeout(options.loginTimeout());
    session = sessions.open(new WebSocketConnection(socket, peer, who));
    socket.demand();
  }

  @Override
  public void onWebSocketText(String message) {
    if (session == null) {
      socket.demand(); // refused: only waiting for the client's close
      return;
    }
    byte[] body = message.getBytes(StandardCharsets.UTF_8); // the bytes a TCP frame would carry
    tasks.execute(() -> receive(body));
  }

  /** On the session's own task: the request, then the next one may come. */
  private void receive(byte[] body) {
    try {
      sessions.receive(session, body);
    } catch (RuntimeException e) {
      log.error("{} dropped after a bug in a handler", session, e); // the server itself goes on
      session.end("dropped after a bug in the server");
      return;
    }
    if (session.isLoggedIn() && !loggedIn) {
      loggedIn = true;
      socket.setIdleTimeout(options.idleTimeout()); // zero: no limit, as on TCP
    }
    demandNext();
  }

  /**
   * A binary message is refused at its first frame, before Jetty gathers the rest: the chat's
   * messages are JSON text. Close code 1003 is WebSocket's own for "a type of data I cannot take".
   */
  @Override
  public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
    callback.succeed();
    if (session != null) {
      session.endedBecause("sent a binary message");
    }
    socket.close(StatusCode.BAD_DATA, "the chat takes text messages only", Callback.NOOP);
    demandNext(); // so that the client's answer to our close is read
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    finish(reason(cause));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    callback.succeed();
    finish(closed(statusCode));
  }

  /**
   * Ends the session once, after any request still being handled; the departure is logged once the
   * connection no longer counts against the cap, as for TCP.
   */
  private void finish(String how) {
    if (session == null || !ended.compareAndSet(false, true)) {
      return;
    }
    tasks.execute(
        () -> {
          String departure = "left: " + how;
          try {
            departure = sessions.end(session, how);
          } finally {
            sessions.connections().closed(peer);
            log.info("{} {}", who, departure);
          }
        });
  }

  private void demandNext() {
    if (!socket.isOpen() && ended.get()) {
      return;
    }
    try {
      socket.demand();
    } catch (IllegalStateException closedMeanwhile) {
      // the connection ended while the request was handled: nothing more to read
    }
  }

  /** Tells a client why it is refused, as TCP does, and closes with "try again later". */
  private void refuseWhenFull(String why) {
    log.warn("{} refused: {}", who, why);
    ErrorResMes full = new ErrorResMes(ResultCode.SERVER_FULL.code(), why);
    byte[] frame = Transfer.frame(MessageType.ERROR_RES_MES, full);
    socket.setIdleTimeout(CLOSE_WAIT);
    socket.sendText(
        WebSocketConnection.envelope(frame),
        Callback.from(
            () -> socket.close(StatusCode.TRY_AGAIN_LATER, "the server is full", Callback.NOOP),
            failed -> socket.disconnect()));
    socket.demand();
  }

  /** What went wrong, in the words of the server's log. */
  private String reason(Throwable cause) {
    if (cause instanceof WebSocketTimeoutException) {
      return "timed out: silent for " + socket.getIdleTimeout().toSeconds() + " s";
    }
    if (cause instanceof MessageTooLargeException) {
      return "sent a message over the " + options.maxFrameBytes() + "-byte limit";
    }
    if (cause instanceof BadPayloadException) {
      return "sent a text message that is not UTF-8";
    }
    return cause.getMessage() == null
        ? "connection lost"
        : "connection lost: " + cause.getMessage();
  }

  private static String closed(int statusCode) {
    return switch (statusCode) {
      case StatusCode.NORMAL, StatusCode.SHUTDOWN -> "closed the connection";
      case StatusCode.NO_CLOSE -> "connection lost";
      default -> "closed the connection with code " + statusCode;
    };
  }
}
