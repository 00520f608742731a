package chatroom.chat.common;

/**
 * Server to client: a user came online, went offline or is busy.
 *
 * @param userId whose status changed
 * @param status {@link #ONLINE}, {@link #OFFLINE} or {@link #BUSY}
 */
public record NotifyUserStatusMes(int userId, int status) {
  public static final int ONLINE = 0;
  public static final int OFFLINE = 1;
  public static final int BUSY = 2;
}
