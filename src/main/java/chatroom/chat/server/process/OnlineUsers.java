package chatroom.chat.server.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online: the Go tutorial's {@code userMgr}, made safe for many threads.
 *
 * <p>Every connection's thread may log in or leave at the same moment, so the map is a {@link
 * ConcurrentHashMap}; the Go original shares a plain map without a lock.
 */
public final class OnlineUsers {
  private final Map<Integer, Session> byUserId = new ConcurrentHashMap<>();

  /** Adds a session that has just logged in. */
  public void add(Session session) {
    byUserId.put(session.userId(), session);
  }

  /** Removes this session, if it is still the one online for its user. */
  public void remove(Session session) {
    if (session.isLoggedIn()) {
      byUserId.remove(session.userId(), session);
    }
  }

  /** The ids of everyone online, in ascending order. */
  public List<Integer> ids() {
    List<Integer> ids = new ArrayList<>(byUserId.keySet());
    ids.sort(null);
    return ids;
  }
}
