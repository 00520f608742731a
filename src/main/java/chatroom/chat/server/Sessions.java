package chatroom.chat.server;

import chatroom.chat.server.process.Connection;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.chat.server.process.RequestRate;
import chatroom.chat.server.process.Session;
import chatroom.support.ConnectionLimit;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server does with every connection, whatever transport brought it: a session when it
 * opens, each request to the {@link Processor}, and the same ending for all (the others hear the
 * user left, the last queued frames are written, one log line says why it ended).
 *
 * <p>A transport (TCP in {@code chatroom.chat.server.tcp}, WebSocket in {@code
 * chatroom.chat.server.web}) only reads requests and calls these three methods, so a feature is one
 * processor, whatever the client. The transports also share one {@link #connections() count of
 * connections}, so the cap holds for all of them together.
 */
public final class Sessions {
  private static final Logger log = LoggerFactory.getLogger(Sessions.class);

  /** How long a departing client's queued frames may take to be written. */
  private static final Duration LAST_WORDS_TIMEOUT = Duration.ofSeconds(5);

  private final Processor processor;
  private final OnlineUsers online;
  private final ServerOptions options;
  private final ConnectionLimit connections;

  Sessions(Processor processor, OnlineUsers online, ServerOptions options) {
    this.processor = processor;
    this.online = online;
    this.options = options;
    this.connections =
        new ConnectionLimit(
            options.maxConnections(), options.maxConnectionsPerAddress(), options.unlimitedFrom());
  }

  /** A session for a connection that has just opened. */
  public Session open(Connection connection) {
    return new Session(
        connection,
        options.outboxBytes(),
        options.stallTimeout(),
        new RequestRate(options.messageRate(), options.messageBurst()));
  }

  /**
   * Acts on one request, a frame body, from {@code session}, on the session's reading thread. The
   * next request is not read until this returns, so waiting here slows the client down: while the
   * answers already queued for it wait unread, it is not served more.
   */
  public void receive(Session session, byte[] body) {
    if (session.paceRequest()) {
      log.info(
          "{} sends more than {} messages a second: slowed down", session, options.messageRate());
    }
    processor.dispatch(session, body);
    if (session.isBehind()) {
      session.awaitCatchUp();
    }
  }

  /**
   * Ends {@code session}, however its connection ended (logout, end of stream, crash, reset):
   * {@code how} is the transport's account of it, used unless the server gave a reason first.
   *
   * @return the departure for the transport's log line, e.g. {@code "left: logged out (user 7)"};
   *     the transport logs it once the connection no longer counts against its limits
   */
  public String end(Session session, String how) {
    session.endedBecause(how);
    online.leave(session); // the others hear it, unless the session was replaced
    // Let what is queued (say, the answer to a bad frame) reach the client before hanging up.
    session.closeAfterSending();
    session.awaitClosed(LAST_WORDS_TIMEOUT);
    String who = session.isLoggedIn() ? " (user " + session.userId() + ")" : "";
    return "left: " + session.endReason(how) + who;
  }

  /** The server's options, which transports read their limits from. */
  public ServerOptions options() {
    return options;
  }

  /** The connections open over every transport, against {@code --max-connections}. */
  public ConnectionLimit connections() {
    return connections;
  }
}
