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

  /** The same ids in order, changed only inside the map's own atomic steps (see put, remove). */
  private final NavigableSet<Integer> sortedIds = new ConcurrentSkipListSet<>();

  /**
   * Everyone online as a plain array, for broadcasts: walking an array is much cheaper than walking
   * a concurrent map, and broadcasts far outnumber logins. Each change counts one version up; a
   * broadcast that finds the snapshot older than that makes a new one.
   */
  private record Snapshot(long version, Session[] sessions) {}

  private final AtomicLong version = new AtomicLong();
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
   * Makes {@code session} the one online for its user.
   *
   * @return the session it replaces, if that user was already online elsewhere
   */
  public Optional<Session> put(Session session) {
    Session[] replaced = new Session[1];
    byUserId.compute(
        session.userId(),
        (id, older) -> {
          replaced[0] = older;
          sortedIds.add(id);
          return session;
        });
    version.incrementAndGet();
    return Optional.ofNullable(replaced[0]);
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
    return byUserId.size();
  }

  /**
   * Takes {@code session} off the list and, if it was the one online for its user, tells everyone
   * else that the user went offline. Safe to call more than once for the same session.
   */
  public void leave(Session session) {
    if (remove(session)) {
      announce(session, NotifyUserStatusMes.OFFLINE);
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
          sortedIds.remove(id);
          return null;
        });
    if (removed[0]) {
      version.incrementAndGet();
    }
    return removed[0];
  }

  /**
   * Tells every online user but {@code session}'s that its user's status changed, if the room,
   * counting that user, is within the presence limit. In a bigger room each change would cost a
   * frame for each of thousands of users, and a wave of logins would cost millions.
   */
  public void announce(Session session, int status) {
    int room = count() + (status == NotifyUserStatusMes.OFFLINE ? 1 : 0);
    if (room > presenceLimit) {
      return;
    }
    NotifyUserStatusMes notice = new NotifyUserStatusMes(session.userId(), status);
    broadcast(Transfer.frame(MessageType.NOTIFY_USER_STATUS_MES, notice), session);
  }

  /**
   * Queues one frame, encoded once, for every online session except {@code sender}. Each session
   * only queues it, so a slow receiver never holds up the others.
   */
  public void broadcast(byte[] frame, Session sender) {
    long current = version.get(); // read before the map: a later change forces a new snapshot
    Snapshot online = snapshot;
    if (online.version() != current) {
      online = new Snapshot(current, byUserId.values().toArray(Session[]::new));
      snapshot = online;
    }
    for (Session receiver : online.sessions()) {
      if (receiver != sender) {
        receiver.offer(frame, null);
      }
    }
  }

  /** The ids of everyone online, in ascending order. */
  public List<Integer> ids() {
    return new ArrayList<>(sortedIds);
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
   * The ids a login answer lists: everyone while the room is within the presence limit; beyond it
   * the lowest ids up to the limit, always with {@code caller}'s among them.
   */
  public List<Integer> forLoginAnswer(int caller) {
    List<Integer> ids = page(Integer.MIN_VALUE);
    if (!ids.contains(caller)) {
      if (ids.size() == presenceLimit) {
        ids.remove(ids.size() - 1);
      }
      ids.add(caller);
      ids.sort(null);
    }
    return ids;
  }
}
