package chatroom.chat.server.process;

import chatroom.chat.common.Feature;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.OfflineMessageDao.Kept;
import chatroom.chat.server.model.OfflineMessageDao.Waiting;
import chatroom.chat.server.model.StoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private messages find their recipient here: straight away when the recipient is online and can
 * show them, or kept as mail, handed over at the recipient's next login.
 *
 * <p>One lock per recipient (shared by a few recipients, to keep the number of locks fixed) makes
 * "can the recipient take it now? then send it, else keep it" and "is the mail all handed over?
 * then take messages straight away" happen one at a time. Without it, a message kept just after a
 * hand-over's last look at the store would wait until the login after that. The lock is held only
 * for those steps, never while anyone waits for a client.
 *
 * <p>The hand-over streams the mail a page at a time, each page small enough to sit under the
 * outbox's soft limit, and reads the next page only when the client has taken the last: however
 * much waits, it is paced like any other traffic and never cuts its own recipient off.
 */
public final class Mailboxes {
  private static final Logger log = LoggerFactory.getLogger(Mailboxes.class);

  /** How long a login waits for a replaced session to finish writing what it was writing. */
  private static final Duration EARLIER_SESSION_WAIT = Duration.ofSeconds(5);

  /** At most this many messages are read from the store at a time. */
  static final int PAGE_MESSAGES = 50;

  /** What became of a private message. */
  public enum Outcome {
    /** Queued for the recipient, who is online. */
    DELIVERED,
    /** Kept: the recipient is offline. */
    KEPT,
    /**
     * Kept: the recipient is online, but so much mail kept earlier is still being handed over, and
     * so much came meanwhile, that the rest waits in the store behind it.
     */
    KEPT_BEHIND_MAIL,
    /** Kept: the recipient is online with a client that cannot show private messages. */
    KEPT_FOR_ANOTHER_CLIENT,
    /** Not kept: the recipient has as much mail waiting as one user may. */
    RECIPIENT_FULL,
    /** Not kept: the sender has as much mail waiting for others as one user may. */
    SENDER_FULL,
    /** Not kept: the server keeps as much mail as it may. */
    STORE_FULL;

    /** True if the message was neither delivered nor kept. */
    public boolean refused() {
      return this == RECIPIENT_FULL || this == SENDER_FULL || this == STORE_FULL;
    }
  }

  private final OnlineUsers online;
  private final OfflineMessageDao offline;
  private final long pageBytes;
  private final Nodes nodes;
  private final Lock[] locks = new Lock[64];

  /**
   * Delivers through {@code online}, keeping mail in {@code offline}; a hand-over queues at most
   * {@code pageBytes} at a time (a quarter of the outbox, its soft limit). With no other node.
   */
  public Mailboxes(OnlineUsers online, OfflineMessageDao offline, long pageBytes) {
    this(online, offline, pageBytes, Nodes.ALONE);
  }

  /**
   * As {@link #Mailboxes(OnlineUsers, OfflineMessageDao, long)}, with {@code nodes} to route to.
   */
  public Mailboxes(OnlineUsers online, OfflineMessageDao offline, long pageBytes, Nodes nodes) {
    this.online = online;
    this.offline = offline;
    this.pageBytes = pageBytes;
    this.nodes = nodes;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The lock that orders deliveries to {@code userId} and that user's hand-over. */
  public Lock lockFor(int userId) {
    return locks[Math.floorMod(userId, locks.length)];
  }

  /**
   * Delivers {@code message} to {@code message.toUserId()} now, here or on the node the recipient
   * is online on, or keeps it for later. A recipient online here needs no Redis at all, so chat
   * between users of one server goes on while Redis is down.
   */
  public Outcome deliver(PrivateSmsMes message) throws StoreException {
    int to = message.toUserId();
    if (online.get(to).isEmpty()) {
      Optional<String> node = nodes.whereIs(to);
      if (node.isPresent() && !node.get().equals(nodes.me())) {
        Optional<Outcome> there = nodes.deliverThere(node.get(), message);
        if (there.isPresent()) {
          return there.get();
        }
        // That node stopped before it could take the message: it is kept, as for anyone away.
      }
    }
    return deliverHere(message);
  }

  /**
   * Delivers {@code message} to its recipient's session on this server, or keeps it: for a message
   * sent here, or handed here by the node of its sender.
   */
  public Outcome deliverHere(PrivateSmsMes message) throws StoreException {
    Delivery delivery = deliverOrKeep(message, null);
    if (delivery.reader() != null && delivery.reader().isBehind()) {
      delivery.reader().awaitCatchUp(); // after the lock: only the sender waits for a slow reader
    }
    if (delivery.outcome() == Outcome.KEPT) {
      nodes.kept(message.toUserId()); // the recipient may have logged in meanwhile, somewhere
    }
    return delivery.outcome();
  }

  /**
   * Hands over, on the calling thread, mail that was kept for a session already logged in: a
   * message kept just as its user logged in on this server, by another node that missed the login.
   * Nothing happens if a hand-over is already running; it will find the message.
   */
  public void collect(Session session) {
    Lock lock = lockFor(session.userId());
    lock.lock();
    try {
      if (!session.isOpen() || session.handingOver() || !session.canShow(Feature.OFFLINE)) {
        return;
      }
      session.startHandOver();
    } finally {
      lock.unlock();
    }
    handOver(session, null);
  }

  /** What became of a message, and the session it was queued for, if any. */
  private record Delivery(Outcome outcome, Session reader) {}

  /**
   * Under the recipient's lock: queues the message for the recipient's session if it takes private
   * messages now (never for {@code dropping}, the session that could not write it), else keeps it.
   */
  private Delivery deliverOrKeep(PrivateSmsMes message, Session dropping) throws StoreException {
    int to = message.toUserId();
    Lock lock = lockFor(to);
    lock.lock();
    try {
      Optional<Session> recipient = online.get(to);
      if (recipient.isPresent()
          && recipient.get() != dropping
          && recipient.get().canShow(Feature.PRIVATE)) {
        Session reader = recipient.get();
        byte[] frame = Transfer.frame(MessageType.PRIVATE_SMS_MES, message);
        Outgoing outgoing = new Outgoing(frame, null, () -> keepDropped(message, reader));
        if (reader.takesPrivateMessagesNow() && reader.offer(outgoing)) {
          return new Delivery(Outcome.DELIVERED, reader);
        }
        if (reader.handingOver() && reader.holdUntilHandedOver(outgoing, pageBytes)) {
          return new Delivery(Outcome.DELIVERED, null); // queued right after the hand-over
        }
        if (reader.handingOver()) { // too much came meanwhile: the store keeps the order
          for (Outgoing earlier : reader.takeHeld()) {
            earlier.onDropped().run();
          }
        }
      }
      PrivateSmsMes forLater =
          new PrivateSmsMes(
              to, message.content(), message.userId(), message.userName(), message.sentAt(), true);
      Kept kept = offline.keep(to, forLater);
      return new Delivery(outcome(kept, recipient), null);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A message queued for a connection that ended before writing it: delivered again, which keeps it
   * for the next login (or hands it to a newer session of the same user). The sender was told 200;
   * this is what makes "delivered" mean "queued for the user, and never lost".
   */
  private void keepDropped(PrivateSmsMes message, Session dropping) {
    try {
      Outcome outcome = deliverOrKeep(message, dropping).outcome();
      if (outcome.refused()) {
        log.error("a message to user {} was dropped and could not be kept", message.toUserId());
      }
    } catch (StoreException e) {
      log.error(
          "a message to user {} was dropped and could not be kept: {}",
          message.toUserId(),
          e.getMessage());
    }
  }

  private static Outcome outcome(Kept kept, Optional<Session> recipient) {
    return switch (kept) {
      case KEPT -> {
        if (recipient.isEmpty() || !recipient.get().isOpen()) {
          yield Outcome.KEPT;
        }
        yield recipient.get().canShow(Feature.PRIVATE)
            ? Outcome.KEPT_BEHIND_MAIL
            : Outcome.KEPT_FOR_ANOTHER_CLIENT;
      }
      case RECIPIENT_FULL -> Outcome.RECIPIENT_FULL;
      case SENDER_FULL -> Outcome.SENDER_FULL;
      case STORE_FULL -> Outcome.STORE_FULL;
    };
  }

  /**
   * Hands the mail kept for a session that has just logged in (and was {@linkplain
   * Session#startHandOver told so} before it joined the online users) over to it, a page at a time,
   * on the calling thread. Each message leaves the store only once its frame has been written to
   * the client: if the connection drops first, the rest stays for the next login. A client that
   * cannot show private messages (a Go tutorial client) is handed nothing, and nothing is removed.
   *
   * @param replaced the session this login replaced, or null; its writer may still be writing kept
   *     mail, and is waited for, so that nothing is handed over twice
   */
  public void handOver(Session session, Session replaced) {
    if (replaced != null && !replaced.awaitWritten(EARLIER_SESSION_WAIT)) {
      log.warn("{} is still writing; a message it was writing may arrive twice", replaced);
    }
    int userId = session.userId();
    try {
      if (!session.canShow(Feature.OFFLINE) || !session.canShow(Feature.PRIVATE)) {
        return; // its mail waits for a client that can show it
      }
      while (session.isOpen()) {
        List<Waiting> page = nextPageOrDone(session);
        if (page.isEmpty()) {
          return;
        }
        CountDownLatch written = new CountDownLatch(page.size());
        for (Waiting message : page) {
          byte[] frame = Transfer.frame(MessageType.PRIVATE_SMS_MES, message.message());
          Runnable delivered =
              () -> {
                remove(userId, message);
                written.countDown();
              };
          if (!session.offer(frame, delivered)) {
            return; // the session is gone: the rest waits in the store
          }
        }
        if (!session.awaitWritten(written)) {
          return;
        }
      }
    } catch (StoreException e) {
      log.error("{}: handing over mail failed: {}; the rest waits", session, e.getMessage());
    } finally {
      endHandOver(session);
    }
  }

  /**
   * Ends a hand-over however it stopped: from now on private messages go straight to the session.
   * Those held meanwhile follow what was handed over, or, if the session is gone, are kept.
   */
  private void endHandOver(Session session) {
    Lock lock = lockFor(session.userId());
    lock.lock();
    try {
      for (Outgoing message : session.takeHeld()) {
        if (!session.offer(message) && message.onDropped() != null) {
          message.onDropped().run();
        }
      }
      session.handOverDone();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next page of mail; or, when there is none left, ends the hand-over in the same locked step,
   * so that a message kept just before that step is in this page, and one after goes straight out.
   */
  private List<Waiting> nextPageOrDone(Session session) throws StoreException {
    Lock lock = lockFor(session.userId());
    lock.lock();
    try {
      List<Waiting> page = offline.oldest(session.userId(), PAGE_MESSAGES, pageBytes);
      if (page.isEmpty()) {
        for (Outgoing message : session.takeHeld()) { // what came during the hand-over, in order
          session.offer(message);
        }
        session.handOverDone();
      }
      return page;
    } finally {
      lock.unlock();
    }
  }

  private void remove(int userId, Waiting delivered) {
    try {
      offline.remove(userId, delivered);
    } catch (StoreException e) {
      log.error(
          "delivered a message to user {} but could not remove it: {}", userId, e.getMessage());
    }
  }
}
