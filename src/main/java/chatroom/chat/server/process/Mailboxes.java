package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.OfflineMessageDao.Waiting;
import chatroom.chat.server.model.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Private messages find their recipient here: straight away when the recipient is online, or in the
 * recipient's offline list, handed over at their next login.
 *
 * <p>One lock per recipient (shared by a few recipients, to keep the number of locks fixed) makes
 * "is the recipient online? then deliver, else store" and "read the offline list, then go online"
 * happen one at a time. Without it, a message stored just after a login read the list would wait
 * until the login after that.
 */
public final class Mailboxes {
  private static final Logger log = LoggerFactory.getLogger(Mailboxes.class);

  /** How long a login waits for an earlier session's hand-over to finish. */
  private static final Duration EARLIER_HAND_OVER_WAIT = Duration.ofSeconds(5);

  /** What became of a private message. */
  public enum Outcome {
    /** Queued for the recipient, who is online. */
    DELIVERED,
    /** Kept in the recipient's offline list. */
    STORED,
    /** Not kept: the recipient's offline list is full. */
    FULL
  }

  private final OnlineUsers online;
  private final OfflineMessageDao offline;
  private final int limit;
  private final Lock[] locks = new Lock[64];
  private final Map<Integer, Session> lastHandOver = new ConcurrentHashMap<>();

  /** Delivers through {@code online}, keeping at most {@code limit} messages per offline user. */
  public Mailboxes(OnlineUsers online, OfflineMessageDao offline, int limit) {
    this.online = online;
    this.offline = offline;
    this.limit = limit;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** The lock that orders deliveries to {@code userId} and that user's logins. */
  public Lock lockFor(int userId) {
    return locks[Math.floorMod(userId, locks.length)];
  }

  /** Delivers {@code message} to {@code message.toUserId()} now, or keeps it for later. */
  public Outcome deliver(PrivateSmsMes message) throws StoreException {
    Delivery delivery = deliverOrKeep(message);
    if (delivery.reader() != null && delivery.reader().isBehind()) {
      delivery.reader().awaitCatchUp(); // after the lock: only the sender waits for a slow reader
    }
    return delivery.outcome();
  }

  /** What became of a message, and the session it was queued for, if any. */
  private record Delivery(Outcome outcome, Session reader) {}

  private Delivery deliverOrKeep(PrivateSmsMes message) throws StoreException {
    int to = message.toUserId();
    Lock lock = lockFor(to);
    lock.lock();
    try {
      Optional<Session> recipient = online.get(to);
      byte[] frame = Transfer.frame(MessageType.PRIVATE_SMS_MES, message);
      if (recipient.isPresent() && recipient.get().offer(frame, null)) {
        return new Delivery(Outcome.DELIVERED, recipient.get());
      }
      PrivateSmsMes forLater =
          new PrivateSmsMes(
              to, message.content(), message.userId(), message.userName(), message.sentAt(), true);
      return new Delivery(offline.store(to, forLater, limit) ? Outcome.STORED : Outcome.FULL, null);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The messages waiting for {@code userId}; call with {@link #lockFor} held.
   *
   * <p>An earlier session of the same user may still be writing its own hand-over (say, the user
   * dropped and came straight back). Its messages leave the store only as they are written, so wait
   * for it first; otherwise this login would get some of them a second time.
   */
  public List<Waiting> waiting(int userId) throws StoreException {
    Session earlier = lastHandOver.remove(userId);
    if (earlier != null && !earlier.awaitWritten(EARLIER_HAND_OVER_WAIT)) {
      log.warn("{} is still writing its offline messages; some may arrive twice", earlier);
    }
    return offline.waiting(userId);
  }

  /**
   * The frames that hand the waiting messages to a session that has just logged in. Each message is
   * removed from the store only once its frame has been written to the client: if the connection
   * drops first, the rest stay for the next login.
   */
  public List<Outgoing> handOver(Session session, List<Waiting> waiting) {
    if (!waiting.isEmpty()) {
      lastHandOver.put(session.userId(), session);
    }
    List<Outgoing> frames = new ArrayList<>();
    for (Waiting message : waiting) {
      byte[] frame = Transfer.frame(MessageType.PRIVATE_SMS_MES, message.message());
      frames.add(new Outgoing(frame, () -> remove(session.userId(), message)));
    }
    return frames;
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
