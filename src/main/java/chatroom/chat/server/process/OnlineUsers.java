package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is online, one session per user: the Go tutorial's {@code userMgr}, made safe for threads.
 *
 * <p>Every connection's thread may log in or leave at the same moment, so the map is a {@link
 * ConcurrentHashMap}; the Go original shares a plain map without a lock. Whoever joins or leaves
 * through this class also tells everyone else, with a {@code NotifyUserStatusMes}.
 */
public final class OnlineUsers {
  private final Map<Integer, Session> byUserId = new ConcurrentHashMap<>();

  /**
   * Makes {@code session} the one online for its user.
   *
   * @return the session it replaces, if that user was already online elsewhere
   */
  public Optional<Session> put(Session session) {
    return Optional.ofNullable(byUserId.put(session.userId(), session));
  }

  /** The session online for {@code userId}, if any. */
  public Optional<Session> get(int userId) {
    return Optional.ofNullable(byUserId.get(userId));
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
    return session.isLoggedIn() && byUserId.remove(session.userId(), session);
  }

  /** Tells every online user but {@code session}'s that its user's status changed. */
  public void announce(Session session, int status) {
    NotifyUserStatusMes notice = new NotifyUserStatusMes(session.userId(), status);
    broadcast(Transfer.frame(MessageType.NOTIFY_USER_STATUS_MES, notice), session);
  }

  /**
   * Queues one frame, encoded once, for every online session except {@code sender}. Each session
   * only queues it, so a slow receiver never holds up the others.
   */
  public void broadcast(byte[] frame, Session sender) {
    for (Session receiver : byUserId.values()) {
      if (receiver != sender) {
        receiver.offer(frame, null);
      }
    }
  }

  /** The ids of everyone online, in ascending order. */
  public List<Integer> ids() {
    List<Integer> ids = new ArrayList<>(byUserId.keySet());
    ids.sort(null);
    return ids;
  }
}
