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
import java.util.function.Consumer;

/**
 * Who is online, one session per user: the Go tutorial's {@code userMgr}, made safe for threads,
 * and, when several chat servers share one Redis (lesson 13), the users online on the other nodes
 * too.
 *
 * <p>Every connection's thread may log in or leave at the same moment, so the map is a {@link
 * ConcurrentHashMap}; the Go original shares a plain map without a lock. A user is either here, in
 * a session of this server, or elsewhere, on another node, known from that node's announcements.
 * Whoever joins or leaves through this class also tells everyone else here, with a {@code
 * NotifyUserStatusMes}, as long as the room is no bigger than the presence limit (lesson 12
 * explains why there is one).
 */
public final class OnlineUsers {
  /**
   * Rooms up to this size hear of every arrival and departure, and get the whole list at login. A
   * login answer listing 500 ids of ten digits still fits the 8 096 bytes a Go tutorial client
   * reads into.
   */
  public static final int DEFAULT_PRESENCE_LIMIT = 500;

  /** Where a user is online. */
  private sealed interface Where permits Here, Elsewhere {}

  /** Online in a session of this server. */
  private record Here(Session session) implements Where {}

  /**
   * Online on another node: which, the number of that login (later logins have larger ones), and
   * when this server learnt of it, in the order of {@link #moments}.
   */
  private record Elsewhere(String node, long login, long since) implements Where {}

  private final int presenceLimit;
  private final Map<Integer, Where> byUserId = new ConcurrentHashMap<>();

  /** How many are online, counted inside the map's atomic steps: each arrival gets its place. */
  private final AtomicInteger size = new AtomicInteger();

  /** The same ids in order, changed only inside the map's own atomic steps (see put, remove). */
  private final NavigableSet<Integer> sortedIds = new ConcurrentSkipListSet<>();

  /**
   * Everyone online here as a plain array, for broadcasts: walking an array is much cheaper than
   * walking a concurrent map, and broadcasts far outnumber logins. Each change counts one version
   * up; a broadcast that finds the snapshot older than that makes a new one.
   */
  private record Snapshot(long version, Session[] sessions) {}

  private final AtomicLong version = new AtomicLong();

  /** Numbers every arrival and departure in order, so that each is told only to who needs it. */
  private final AtomicLong moments = new AtomicLong();

  private volatile Snapshot snapshot = new Snapshot(-1, new Session[0]);
  private volatile Consumer<Session> onLeft = session -> {};

  /** Online users with the default presence limit. */
  public OnlineUsers() {
    this(DEFAULT_PRESENCE_LIMIT);
  }

  /** Online users whose arrivals and departures are announced while at most {@code limit}. */
  public OnlineUsers(int presenceLimit) {
    this.presenceLimit = presenceLimit;
  }

  /**
   * Runs {@code listener} each time a session here leaves the online users (not when it is replaced
   * by a newer one): how the other nodes come to hear of it.
   */
  public void whenLeft(Consumer<Session> listener) {
    this.onLeft = listener;
  }

  /**
   * A login's place among the online users.
   *
   * @param room how many are online once it joined, itself included: the room it arrived in
   * @param replaced an older session of the same user here, which it replaced, or null
   * @param wasOnline true if the user was online already, here or on another node: nobody needs to
   *     hear that it came online
   */
  public record Joined(int room, Session replaced, boolean wasOnline) {}

  /**
   * Makes {@code session} the one online for its user, replacing any older session of that user.
   */
  public Joined put(Session session) {
    Joined[] joined = new Joined[1];
    byUserId.compute(
        session.userId(),
        (id, before) -> {
          int room = before == null ? size.incrementAndGet() : size.get();
          sortedIds.add(id);
          session.joinedAt(moments.incrementAndGet());
          Session replaced = before instanceof Here here ? here.session() : null;
          joined[0] = new Joined(room, replaced, before != null);
          return new Here(session);
        });
    version.incrementAndGet();
    return joined[0];
  }

  /** The session online here for {@code userId}, if any. */
  public Optional<Session> get(int userId) {
    return byUserId.get(userId) instanceof Here here
        ? Optional.of(here.session())
        : Optional.empty();
  }

  /** True if {@code userId} is online, here or on another node. */
  public boolean contains(int userId) {
    return byUserId.containsKey(userId);
  }

  /** The sessions online here, for the few tasks that visit them all. */
  public List<Session> here() {
    return List.of(currentSnapshot().sessions());
  }

  /** The largest room told of every arrival and departure. */
  public int presenceLimit() {
    return presenceLimit;
  }

  /** How many users are online, here and on every other node. */
  public int count() {
    return size.get();
  }

  /**
   * Takes {@code session} off the list and, if it was the one online for its user, tells everyone
   * else that the user went offline. Safe to call more than once for the same session.
   */
  public void leave(Session session) {
    if (remove(session)) {
      long moment = moments.incrementAndGet();
      announce(session.userId(), session, count() + 1, moment, NotifyUserStatusMes.OFFLINE);
      onLeft.accept(session);
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
          if (!(current instanceof Here here) || here.session() != session) {
            return current; // a newer session of the same user, here or elsewhere: it stays
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

  /** What an arrival on another node changed here. */
  public sealed interface Arrival permits Came, Moved, Ousted, Stale {}

  /** The user was not online: everyone here is told it came. */
  public record Came() implements Arrival {}

  /** The user was online on another node already: nothing to tell. */
  public record Moved() implements Arrival {}

  /** The user was online here in {@code session}, an older login, now replaced by the new one. */
  public record Ousted(Session session) implements Arrival {}

  /** An announcement older than what this server knows already: ignored. */
  public record Stale() implements Arrival {}

  /**
   * Records that {@code userId} logged in on {@code node}, its login numbered {@code login}, and
   * tells everyone here if that is news.
   */
  public Arrival arrivedElsewhere(int userId, String node, long login) {
    Arrival[] arrival = new Arrival[1];
    int[] room = new int[1];
    long[] moment = new long[1];
    byUserId.compute(
        userId,
        (id, before) -> {
          if (before instanceof Here here && here.session().login() >= login) {
            arrival[0] = new Stale();
            return before;
          }
          if (before instanceof Elsewhere there && there.login() >= login) {
            arrival[0] = new Stale();
            return before;
          }
          moment[0] = moments.incrementAndGet();
          if (before == null) {
            room[0] = size.incrementAndGet();
            sortedIds.add(id);
            arrival[0] = new Came();
          } else {
            arrival[0] = before instanceof Here here ? new Ousted(here.session()) : new Moved();
          }
          return new Elsewhere(node, login, moment[0]);
        });
    if (!(arrival[0] instanceof Stale)) {
      version.incrementAndGet();
    }
    if (arrival[0] instanceof Came) {
      announce(userId, null, room[0], moment[0], NotifyUserStatusMes.ONLINE);
    }
    return arrival[0];
  }

  /**
   * Records that {@code userId}'s login numbered {@code login} on {@code node} ended, and tells
   * everyone here, unless the user has logged in again since.
   */
  public void leftElsewhere(int userId, String node, long login) {
    boolean[] removed = new boolean[1];
    byUserId.computeIfPresent(
        userId,
        (id, current) -> {
          if (current instanceof Elsewhere there
              && there.node().equals(node)
              && there.login() <= login) {
            removed[0] = true;
            size.decrementAndGet();
            sortedIds.remove(id);
            return null;
          }
          return current;
        });
    if (removed[0]) {
      version.incrementAndGet();
      announceDeparture(userId);
    }
  }

  /**
   * Forgets every user online on {@code node}, which has stopped, telling everyone here that each
   * went offline.
   *
   * @return the users forgotten
   */
  public List<Integer> nodeGone(String node) {
    List<Integer> gone = new ArrayList<>();
    for (Map.Entry<Integer, Where> entry : byUserId.entrySet()) {
      if (entry.getValue() instanceof Elsewhere there && there.node().equals(node)) {
        int userId = entry.getKey();
        boolean[] removed = new boolean[1];
        byUserId.computeIfPresent(
            userId,
            (id, current) -> {
              if (current instanceof Elsewhere now && now.node().equals(node)) {
                removed[0] = true;
                size.decrementAndGet();
                sortedIds.remove(id);
                return null;
              }
              return current;
            });
        if (removed[0]) {
          gone.add(userId);
        }
      }
    }
    if (!gone.isEmpty()) {
      version.incrementAndGet();
      gone.forEach(this::announceDeparture);
    }
    return gone;
  }

  /** The node {@code userId} is online on, if it is online on another node. */
  public Optional<String> nodeOf(int userId) {
    return byUserId.get(userId) instanceof Elsewhere there
        ? Optional.of(there.node())
        : Optional.empty();
  }

  /** The users this server believes are online on {@code node}. */
  public List<Integer> onNode(String node) {
    List<Integer> ids = new ArrayList<>();
    byUserId.forEach(
        (id, where) -> {
          if (where instanceof Elsewhere there && there.node().equals(node)) {
            ids.add(id);
          }
        });
    return ids;
  }

  private void announceDeparture(int userId) {
    announce(userId, null, count() + 1, moments.incrementAndGet(), NotifyUserStatusMes.OFFLINE);
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
    announce(session.userId(), session, room, session.joinedAt(), status);
  }

  private void announce(int userId, Session sender, int room, long moment, int status) {
    if (room > presenceLimit) {
      return;
    }
    NotifyUserStatusMes notice = new NotifyUserStatusMes(userId, status);
    broadcast(Transfer.frame(MessageType.NOTIFY_USER_STATUS_MES, notice), sender, moment);
  }

  /**
   * Queues one frame, encoded once, for every session online here except {@code sender}. Each
   * session only queues it, so a slow receiver never holds up the others; then the calling thread
   * waits for any receiver that is behind to catch up, which slows a sender who outpaces the room.
   */
  public void broadcast(byte[] frame, Session sender) {
    broadcast(frame, sender, Long.MAX_VALUE);
  }

  /**
   * As {@link #broadcast(byte[], Session)}, but without waiting for receivers that are behind: for
   * a message from another node, whose sender this server cannot slow down.
   */
  public void broadcastWithoutWaiting(byte[] frame) {
    for (Session receiver : currentSnapshot().sessions()) {
      receiver.offer(frame, null);
    }
  }

  /** As {@link #broadcast(byte[], Session)}, to the sessions that joined before {@code moment}. */
  private void broadcast(byte[] frame, Session sender, long moment) {
    List<Session> behind = null;
    for (Session receiver : currentSnapshot().sessions()) {
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

  private Snapshot currentSnapshot() {
    long current = version.get(); // read before the map: a later change forces a new snapshot
    Snapshot online = snapshot;
    if (online.version() != current) {
      List<Session> here = new ArrayList<>();
      for (Where where : byUserId.values()) {
        if (where instanceof Here h) {
          here.add(h.session());
        }
      }
      online = new Snapshot(current, here.toArray(Session[]::new));
      snapshot = online;
    }
    return online;
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
    ids.removeIf(id -> id != caller.userId() && since(id) > caller.joinedAt());
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

  /** When {@code userId} joined, here or as learnt from another node; 0 if not online now. */
  private long since(int userId) {
    Where where = byUserId.get(userId);
    if (where instanceof Here here) {
      return here.session().joinedAt();
    }
    return where instanceof Elsewhere there ? there.since() : 0;
  }
}
