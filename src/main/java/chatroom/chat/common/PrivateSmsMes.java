package chatroom.chat.common;

/**
 * A private message ({@code PrivateSmsMes}, an extension). The client sends {@code toUserId} and
 * {@code content}; the recipient receives all fields, the sender's filled in by the server.
 *
 * @param toUserId the recipient
 * @param content the text
 * @param userId the sender, as stamped by the server
 * @param userName the sender's name, as stamped by the server
 * @param sentAt when the server accepted it, in milliseconds since 1970
 * @param offline true when it was kept for the recipient while they were offline
 */
public record PrivateSmsMes(
    int toUserId, String content, int userId, String userName, long sentAt, boolean offline) {
  /** A null from the wire becomes an empty string, so no processor meets a null. */
  public PrivateSmsMes {
    content = content == null ? "" : content;
    userName = userName == null ? "" : userName;
  }
}
