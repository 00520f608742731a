package chatroom.chat.client.process;

import chatroom.chat.common.NotifyUserStatusMes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The client's own view of who is online (the Go client's {@code userMgr}): filled from the login
 * answer, then kept current from the server's status notices, so showing it needs no request.
 *
 * <p>That works while the room is small. Our server stops announcing logins and logouts once more
 * users than its presence limit are online, and lists only that many at login; from then on this
 * list is {@linkplain #complete() incomplete}, and the server has to be asked.
 */
public final class OnlineUserList {
  /**
   * The most ids kept. A server that announces ever more users (a hostile one can send millions of
   * notices) must not fill this client's memory; past this the list just says it is incomplete.
   */
  static final int MAX_KEPT = 100_000;

  private final Map<Integer, Integer> statusById = new ConcurrentSkipListMap<>();
  private volatile int presenceLimit; // 0: the server announces every change
  private volatile boolean incomplete;

  /**
   * Starts over from what a login answer carried: the list, how many are online in all, and the
   * server's presence limit (0 if it has none).
   */
  void reset(List<Integer> online, int usersCount, int presenceLimit) {
    statusById.clear();
    online.stream().limit(MAX_KEPT).forEach(id -> statusById.put(id, NotifyUserStatusMes.ONLINE));
    this.presenceLimit = presenceLimit;
    incomplete = usersCount > statusById.size();
    checkLimit();
  }

  /** Applies one status notice. */
  void update(NotifyUserStatusMes notice) {
    if (notice.status() == NotifyUserStatusMes.OFFLINE) {
      statusById.remove(notice.userId());
    } else if (statusById.size() < MAX_KEPT || statusById.containsKey(notice.userId())) {
      statusById.put(notice.userId(), notice.status());
    } else {
      incomplete = true;
    }
    checkLimit();
  }

  /**
   * Once the room reaches the limit, the next login is not announced: the list stops being sure.
   */
  private void checkLimit() {
    if (presenceLimit > 0 && statusById.size() >= presenceLimit) {
      incomplete = true;
    }
  }

  /**
   * False once this list may be missing someone, or still hold someone who left: the room has
   * reached the server's presence limit since the login.
   */
  public boolean complete() {
    return !incomplete;
  }

  /** The ids of the users online, in ascending order. */
  public List<Integer> ids() {
    return List.copyOf(statusById.keySet());
  }

  /** The status of {@code userId}, or {@link NotifyUserStatusMes#OFFLINE} if not online. */
  public int status(int userId) {
    return statusById.getOrDefault(userId, NotifyUserStatusMes.OFFLINE);
  }
}
