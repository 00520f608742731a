package chatroom.chat.client.process;

import chatroom.chat.common.NotifyUserStatusMes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The client's own view of who is online (the Go client's {@code userMgr}): filled from the login
 * answer, then kept current from the server's status notices, so showing it needs no request.
 */
public final class OnlineUserList {
  private final Map<Integer, Integer> statusById = new ConcurrentSkipListMap<>();

  /** Starts over from the list a login answer carried. */
  void reset(List<Integer> online) {
    statusById.clear();
    online.forEach(id -> statusById.put(id, NotifyUserStatusMes.ONLINE));
  }

  /** Applies one status notice. */
  void update(NotifyUserStatusMes notice) {
    if (notice.status() == NotifyUserStatusMes.OFFLINE) {
      statusById.remove(notice.userId());
    } else {
      statusById.put(notice.userId(), notice.status());
    }
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
