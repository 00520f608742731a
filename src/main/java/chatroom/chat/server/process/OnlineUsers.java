package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is online, one session per user: the Go tutorial's {@code userMgr}, made safe for threads.
 *
 * <p>Every connection's thread may log in or leave at the same moment, so the map is a {@link
 * ConcurrentHashMap}; the Go original shares a plain map without a lock. Whoever joins or leaves
 * through this class also tells everyone else, with a {@code NotifyUserStatusMes}, as long as the
 * room is no bigger than the presence limit (lesson 12 explains why there is one).
 */
public final class OnlineUsers {
  /**
   * Rooms up to this size hear of every arrival and departure, and get the whole list at login. A
   * login answer listing 500 ids of ten digits still fits the 8 096 bytes a Go tutorial client
   * reads into.
   */
  public static final int DEFAULT_PRESENCE_LIMIT = 500;

  private final int presenceLimit;
  private final Map<Integer, Session> byUserId = new ConcurrentHashMap<>();

  /** How many are online, counted inside the map's atomic steps: each arrival gets its place. */
  private final AtomicInteger size = new AtomicInteger();

  /** The same ids in order, changed only inside the map's own atomic steps (see put, remove). */
  private final NavigableSet<Integer> sortedIds = new ConcurrentSkipListSet<>();

  /**
   * Everyone online as a plain array, for broadcasts: walking an array is much cheaper than walking
   * a concurrent map, and broadcasts far outnumber logins. Each change counts one version up; a
   * broadcast that finds the snapshot older than that makes a new one.
   */
  private record Snapshot(long version, Session[] sessions) {}

  private final AtomicLong version = new AtomicLong();

  /** Numbers every arrival and departure in order, so that each is told only to who needs it. */
  private final AtomicLong moments = new AtomicLong();

  private volatile Snapshot snapshot = new Snapshot(-1, new Session[0]);

  /** Online users with the default presence limit. */
  public OnlineUsers() {
    this(DEFAULT_PRESENCE_LIMIT);
  }

  /** Online users whose arrivals and departures are announced while at most {@code limit}. */
  public OnlineUsers(int presenceLimit) {
    this.presenceLimit = presenceLimit;
  }

  /**
   * Makes {@code session} the one online for its user, replacing any older session of that user.
   *
   * @return how many users are online once it joined, itself included: the room it arrived in
   */
  public int put(Session session) {
    int[] room = new int[1];
    byUserId.compute(
        session.userId(),
        (id, older) -> {
          room[0] = older == null ? size.incrementAndGet() : size.get();
          sortedIds.add(id);
          session.joinedAt(moments.incrementAndGet());
          return session;
        });
    version.incrementAndGet();
    return room[0];
  }

  /** The session online for {@code userId}, if any. */
  public Optional<Session> get(int userId) {
    return Optional.ofNullable(byUserId.get(userId));
  }

  /** The largest room told of every arrival and departure. */
  public int presenceLimit() {
    return presenceLimit;
  }

  /** How many users are online. */
  public int count() {
    return size.get();
  }

  /**
   * Takes {@code session} off the list and, if it was the one online for its user, tells everyone
   * else that the user went offline. Safe to call more than once for the same session.
   */
  public void leave(Session session) {
    if (remove(session)) {
      announce(session, NotifyUserStatusMes.OFFLINE, count() + 1, moments.incrementAndGet());
    }
  }

  /**
   * Takes {@code session} off the list without telling anyone, as when the same user is logging in
   * again elsewhere and so never really goes offline.
   *
   * @return true if it was the session online for its user
   */
  public boolean remove(Session session) {
    if (!session.isLoggedIn()) {
      return false;
    }
    boolean[] removed = new boolean[1];
    byUserId.computeIfPresent(
        session.userId(),
        (id, current) -> {
          if (current != session) {
            return current; // a newer session of the same user: it stays
          }
          removed[0] = true;
          size.decrementAndGet();
          sortedIds.remove(id);
          return null;
        });
    if (removed[0]) {
      version.incrementAndGet();
    }
    return removed[0];
  }

  /**
   * Tells every online user but {@code session}'s that its user came online, if {@code room}, the
   * number online counting that user when it arrived, is within the presence limit. In a bigger
   * room each change would cost a frame for each of thousands of users, and a wave of logins would
   * cost millions. The size is taken when the user comes, not now: logins in flight together must
   * not push an arrival that was within the limit out of it. Only those who joined before it are
   * told: a later arrival's login answer listed it already.
   */
  public void announce(Session session, int status, int room) {
    announce(session, status, room, session.joinedAt());
  }

  private void announce(Session session, int status, int room, long moment) {
    if (room > presenceLimit) {
      return;
    }
    NotifyUserStatusMes notice = new NotifyUserStatusMes(session.userId(), status);
    broadcast(Transfer.frame(MessageType.NOTIFY_USER_STATUS_MES, notice), session, moment);
  }

  /**
   * Queues one frame, encoded once, for every online session except {@code sender}. Each session
   * only queues it, so a slow receiver never holds up the others; then the calling thread waits for
   * any receiver that is behind to catch up, which slows a sender who outpaces the room.
   */
  public void broadcast(byte[] frame, Session sender) {
    broadcast(frame, sender, Long.MAX_VALUE);
  }

  /** As {@link #broadcast(byte[], Session)}, to the sessions that joined before {@code moment}. */
  private void broadcast(byte[] frame, Session sender, long moment) {
    long current = version.get(); // read before the map: a later change forces a new snapshot
    Snapshot online = snapshot;
    if (online.version() != current) {
      online = new Snapshot(current, byUserId.values().toArray(Session[]::new));
      snapshot = online;
    }
    List<Session> behind = null;
    for (Session receiver : online.sessions()) {
      if (receiver != sender
          && receiver.joinedAt() < moment
          && receiver.offer(frame, null)
          && receiver.isBehind()) {
        if (behind == null) {
          behind = new ArrayList<>();
        }
        behind.add(receiver);
      }
    }
    if (behind != null) {
      behind.forEach(Session::awaitCatchUp);
    }
  }

  /** At most one presence limit's worth of ids above {@code after}, in ascending order. */
  public List<Integer> page(int after) {
    List<Integer> page = new ArrayList<>();
    for (Integer id : sortedIds.tailSet(after, false)) {
      if (page.size() == presenceLimit) {
        break;
      }
      page.add(id);
    }
    return page;
  }

  /** True if there are ids online above {@code after}. */
  public boolean anyAfter(int after) {
    return sortedIds.higher(after) != null;
  }

  /**
   * The ids a login answer lists: everyone who joined before the caller, while the room is within
   * the presence limit (one who joins later is announced to the caller instead); beyond it the
   * lowest ids up to the limit. The caller's own id is always among them.
   */
  public List<Integer> forLoginAnswer(Session caller) {
    List<Integer> ids = new ArrayList<>(page(Integer.MIN_VALUE));
    ids.removeIf(
        id -> {
          Session other = byUserId.get(id);
          return other != null && other != caller && other.joinedAt() > caller.joinedAt();
        });
    int callerId = caller.userId();
    if (!ids.contains(callerId)) {
      if (ids.size() == presenceLimit) {
        ids.remove(ids.size() - 1);
      }
      ids.add(callerId);
      ids.sort(null);
    }
    return ids;
  }
}
