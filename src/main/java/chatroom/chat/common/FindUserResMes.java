package chatroom.chat.common;

/**
 * Server to client: the answer to a {@code FindUserMes} (an extension).
 *
 * @param code 200 if the user is registered, 404 if nobody has that id, 505 if the store failed
 * @param error why there is no user, empty on 200
 * @param userId the user asked about
 * @param userName their name, empty unless found
 * @param online true if they are logged in now
 */
public record FindUserResMes(int code, String error, int userId, String userName, boolean online) {
  /** A null from the wire becomes an empty string, so no client meets a null. */
  public FindUserResMes {
    error = error == null ? "" : error;
    userName = userName == null ? "" : userName;
  }
}
