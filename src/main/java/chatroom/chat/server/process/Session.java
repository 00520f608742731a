package chatroom.chat.server.process;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.Feature;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.support.ConnectionThreads;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection as the server sees it: who it is once logged in, its {@link Outbox}, and
 * why it ended.
 *
 * <p>Everything sent to a client goes through its outbox, whichever thread sends it: the client's
 * own reader answering a request, or another user's thread delivering a message. The outbox writes
 * to a {@link Connection}, so a session is the same whatever transport carries it.
 */
public final class Session {
  private static final Logger log = LoggerFactory.getLogger(Session.class);

  private final Connection connection;
  private final Outbox outbox;
  private final Duration stallTimeout;
  private final RequestRate rate;
  private boolean toldSlowed; // read and written by the session's reading thread only
  private final ConnectionLimits limits = new ConnectionLimits();
  private volatile LoggedIn user; // null until a login succeeds
  private volatile String endReason; // the first reason given for ending, or null
  private final CountDownLatch closed = new CountDownLatch(1);

  private volatile boolean handingOver; // true while mail kept for this user is being handed over
  private volatile long joinedAt = Long.MAX_VALUE; // when it joined the online users, in order
  private volatile long login; // this login's number among the user's logins, on every node
  // Private messages that came during the hand-over, for right after it; guarded by the lock
  // that orders deliveries to this user (Mailboxes.lockFor).
  private final List<Outgoing> held = new ArrayList<>();
  private long heldBytes;

  /**
   * Who the session belongs to, and what its client can show: every feature for our clients, none
   * for a Go tutorial client.
   */
  private record LoggedIn(int userId, String userName, Set<Feature> features) {}

  /** The default time a client may take nothing while it is behind: see {@link #awaitCatchUp}. */
  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(5);

  /** How often {@link #awaitWritten} looks whether the session ended or stalled meanwhile. */
  private static final long WRITTEN_CHECK_MILLIS = 100;

  /**
   * A session for a new connection, not logged in yet.
   *
   * @param outboxBytes the hard limit: how many bytes may wait for this client before it counts as
   *     not reading; past a quarter of it, whoever sends to it waits for it to catch up
   * @param stallTimeout how long a client that is behind may take nothing before it is cut
   */
  public Session(Connection connection, long outboxBytes, Duration stallTimeout, RequestRate rate) {
    this.connection = connection;
    this.outbox = new Outbox(connection, outboxBytes, () -> end("the connection failed"));
    this.stallTimeout = stallTimeout;
    this.rate = rate;
  }

  /** A session with the default stall timeout and no request rate. */
  public Session(Connection connection, long outboxBytes) {
    this(connection, outboxBytes, DEFAULT_STALL_TIMEOUT, new RequestRate(0, 1));
  }

  /**
   * Holds a logged-in user's request back until the user's {@link RequestRate} allows it: a sender
   * over the rate is slowed down, never refused. Call on the session's reading thread.
   *
   * @return true if the request had to wait, the first time this session went over the rate
   */
  public boolean paceRequest() {
    long wait = isLoggedIn() ? rate.take() : 0;
    if (wait <= 0) {
      return false;
    }
    LockSupport.parkNanos(wait);
    boolean first = !toldSlowed;
    toldSlowed = true;
    return first;
  }

  /**
   * Sends one message to this client (queued; written by the outbox's writer), unless its client
   * cannot read that type: a Go tutorial client is never sent what it does not know.
   */
  public void send(MessageType type, Object payload) {
    if (canRead(type)) {
      offer(Transfer.frame(type, payload), null);
    }
  }

  /**
   * True if this session's client can read {@code type}. Before login nobody knows what the client
   * is; it gets what it asks for (a tutorial client only asks what the tutorial knows).
   */
  public boolean canRead(MessageType type) {
    LoggedIn current = user;
    return current == null || type.feature().map(current.features()::contains).orElse(true);
  }

  /** True if this session's client can show {@code feature}; unknown before login. */
  public boolean canShow(Feature feature) {
    LoggedIn current = user;
    return current != null && current.features().contains(feature);
  }

  /**
   * Queues a complete frame, made once by {@link Transfer#frame} and possibly shared by many
   * sessions; {@code onWritten}, if not null, runs once it is written to this client.
   *
   * @return false if the client is gone or is not reading and has just been disconnected
   */
  public boolean offer(byte[] frame, Runnable onWritten) {
    return offer(new Outgoing(frame, onWritten));
  }

  /**
   * As {@link #offer(byte[], Runnable)}, with a callback for a frame that is queued but never
   * written because the connection ends first.
   */
  public boolean offer(Outgoing outgoing) {
    byte[] frame = outgoing.frame();
    if (frame.length - 4 > Protocol.TUTORIAL_FRAME_BYTES && !canShowLargeFrames()) {
      // A tutorial client's reader would crash on it; the chat text rule keeps chat frames short.
      log.warn("{}: not sent a frame of {} bytes, too large for its client", this, frame.length);
      return true;
    }
    if (outbox.offer(outgoing, true)) {
      return true;
    }
    if (isOpen()) {
      end("not reading, " + outbox.queuedBytes() + " bytes waiting");
    }
    return false;
  }

  /**
   * True when so much waits for this client that whoever just sent to it should {@link
   * #awaitCatchUp wait}: the client reads more slowly than it is sent to.
   */
  public boolean isBehind() {
    return outbox.behind();
  }

  /**
   * Waits while this client is behind, which slows whoever sends to it to the pace it reads at:
   * flow control, not disconnection, for a client that reads. A client that takes nothing at all
   * for the stall timeout is not reading: it is cut, so that nobody waits for it any longer. Call
   * it holding no lock, so that only the sender waits.
   */
  public void awaitCatchUp() {
    try {
      if (!outbox.awaitCaughtUp(stallTimeout.toNanos())) {
        end(
            "not reading: took nothing for "
                + stallTimeout.toSeconds()
                + " s with "
                + outbox.queuedBytes()
                + " bytes waiting");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Keeps everything sent to this client waiting until {@link #sendFirstAndRelease}, so that a
   * login can join the online users and still have its answer written before anything they send.
   */
  public void holdWrites() {
    outbox.hold();
  }

  /**
   * Puts {@code first} ahead of everything queued while writes were held, and lets the writer go.
   * These frames (a login answer, the offline messages handed over with it) are not refused for
   * going over the limit: that backlog has a bound of its own.
   */
  public void sendFirstAndRelease(List<Outgoing> first) {
    outbox.putFirst(first);
    outbox.release();
  }

  /**
   * Drops what has not been sent yet, sends a last {@code ErrorResMes}, and closes the connection
   * once that is written.
   */
  public void closeWith(ResultCode code, String error) {
    outbox.discardQueued();
    if (!canRead(MessageType.ERROR_RES_MES)) {
      closeAfter(new byte[0]); // a tutorial client would only log it as an unknown type
      return;
    }
    byte[] last = Transfer.frame(MessageType.ERROR_RES_MES, new ErrorResMes(code.code(), error));
    closeAfter(last);
  }

  /** Closes the connection after {@code grace}, if it is still open then; returns at once. */
  public void closeWithin(Duration grace) {
    // On the server's own threads: closing may keep dropped messages, which takes Redis calls.
    CompletableFuture.delayedExecutor(
            grace.toMillis(), TimeUnit.MILLISECONDS, ConnectionThreads.shortTasks())
        .execute(this::close);
  }

  /** Closes the connection once everything queued so far is written. */
  public void closeAfterSending() {
    closeAfter(new byte[0]);
  }

  /** Closes the connection once everything queued so far, and {@code lastFrame}, is written. */
  public void closeAfter(byte[] lastFrame) {
    if (!outbox.offer(lastFrame, this::close, false)) {
      close();
    }
  }

  /**
   * Waits until what was queued for this client has been written, or the connection is gone.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitWritten(Duration timeout) {
    try {
      return outbox.awaitIdle(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Hangs up now; the reader thread then ends and the server cleans up after the session. */
  public void close() {
    outbox.close();
    try {
      connection.close();
    } finally {
      closed.countDown();
    }
  }

  /**
   * Records why the session ends, unless a reason was given already (the first one is the real
   * cause: a session replaced by a new login is then also closed, and its reader fails), and hangs
   * up. The server logs the reason when the session has ended.
   */
  public void end(String reason) {
    endedBecause(reason);
    close();
  }

  /** Records why the session is ending, unless a reason was given already; does not hang up. */
  public void endedBecause(String reason) {
    synchronized (closed) {
      if (endReason == null) {
        endReason = reason;
      }
    }
  }

  /** Why the session ended, or {@code fallback} if nobody said. */
  public String endReason(String fallback) {
    String reason = endReason;
    return reason != null ? reason : fallback;
  }

  /**
   * Waits until the connection is closed, by {@link #close} or once a {@link #closeAfter} frame has
   * been written.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitClosed(Duration timeout) {
    try {
      return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** False once the connection has been closed by either side. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  /**
   * Records a successful login: from now on this connection speaks for {@code userId}, whose client
   * can show {@code features}.
   */
  public void loggedIn(int userId, String userName, Set<Feature> features) {
    user = new LoggedIn(userId, userName, Set.copyOf(features));
  }

  /** As {@link #loggedIn(int, String, Set)}, for a client that can show everything. */
  public void loggedIn(int userId, String userName) {
    loggedIn(userId, userName, Feature.all());
  }

  private boolean canShowLargeFrames() {
    LoggedIn current = user;
    return current == null || current.features().contains(Feature.LARGE_FRAMES);
  }

  /**
   * From now until {@link #handOverDone}, private messages for this user are kept rather than sent
   * straight away, so that they come after the mail that waited for the user, in order.
   */
  public void startHandOver() {
    handingOver = true;
  }

  /** The kept mail has been handed over: private messages may be sent straight away. */
  public void handOverDone() {
    handingOver = false;
  }

  /**
   * Private messages queued for this session but never written (it ended first) are kept again
   * holding {@code lock}, the one that orders deliveries to its user, so that none overtakes them.
   */
  public void orderDropsBy(Lock lock) {
    outbox.orderDropsBy(lock);
  }

  /**
   * Numbers this login among all logins of its user, on every node (a later login has a larger
   * number): how nodes tell a newer login from an older one whose news arrives late.
   */
  public void numberLogin(long login) {
    this.login = login;
  }

  /** This login's number; 0 for a server that numbers nothing (a single node without Redis). */
  public long login() {
    return login;
  }

  /** Records when this session joined the online users (a number from {@code OnlineUsers}). */
  void joinedAt(long moment) {
    joinedAt = moment;
  }

  /** When this session joined the online users, in order; the largest number before it has. */
  long joinedAt() {
    return joinedAt;
  }

  /** True if a private message for this user can be sent to this session now. */
  public boolean takesPrivateMessagesNow() {
    return !handingOver && canShow(Feature.PRIVATE);
  }

  /** True while the mail kept for this user is being handed over to this session. */
  public boolean handingOver() {
    return handingOver;
  }

  /**
   * Keeps a private message that arrived during the hand-over, to be queued right after it, up to
   * {@code maxBytes} in all. Call holding the lock that orders deliveries to this user.
   *
   * @return false if it does not fit: the caller keeps it in the store instead
   */
  public boolean holdUntilHandedOver(Outgoing message, long maxBytes) {
    if (heldBytes + message.frame().length > maxBytes) {
      return false;
    }
    held.add(message);
    heldBytes += message.frame().length;
    return true;
  }

  /**
   * The private messages held during the hand-over, in order, forgotten here. Call holding the lock
   * that orders deliveries to this user.
   */
  public List<Outgoing> takeHeld() {
    List<Outgoing> taken = List.copyOf(held);
    held.clear();
    heldBytes = 0;
    return taken;
  }

  /**
   * Waits until {@code written} counts down (frames queued with it as their callback have all been
   * written), as long as the client keeps taking frames: one that takes nothing for the stall
   * timeout is cut.
   *
   * @return false if the session ended first
   */
  public boolean awaitWritten(CountDownLatch written) {
    try {
      // Checked often, not once per stall timeout: a session that ends meanwhile (its frames
      // are then dropped, never written) must free its thread at once.
      while (!written.await(WRITTEN_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
        if (!isOpen()) {
          return false;
        }
        if (System.nanoTime() - outbox.progressNanos() > stallTimeout.toNanos()) {
          end("not reading: took nothing for " + stallTimeout.toSeconds() + " s");
          return false;
        }
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** True once a login on this connection has succeeded. */
  public boolean isLoggedIn() {
    return user != null;
  }

  /** The logged-in user's id, or 0 before login. */
  public int userId() {
    LoggedIn current = user;
    return current == null ? 0 : current.userId();
  }

  /** The logged-in user's name, or an empty string before login. */
  public String userName() {
    LoggedIn current = user;
    return current == null ? "" : current.userName();
  }

  /** The client's address and port, for log lines. */
  public String address() {
    return connection.describe();
  }

  /** The client's IP address, for limits per address. */
  public InetAddress peer() {
    return connection.peer();
  }

  /** What this connection has used of its limits. */
  public ConnectionLimits limits() {
    return limits;
  }

  @Override
  public String toString() {
    return isLoggedIn() ? "user " + userId() + " at " + address() : address();
  }
}
