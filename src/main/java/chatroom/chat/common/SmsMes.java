package chatroom.chat.common;

/**
 * A group message. From a client only {@code content} counts; the server sends it on to everyone
 * else online with {@code userId} and {@code userName} taken from the sender's session.
 *
 * @param content the text
 * @param userId the sender, as stamped by the server
 * @param userPwd always empty when sent by the server (the Go client's struct has this field)
 * @param userName the sender's name, as stamped by the server
 */
public record SmsMes(String content, int userId, String userPwd, String userName) {
  /** A null from the wire becomes an empty string, so no processor meets a null. */
  public SmsMes {
    content = content == null ? "" : content;
    userPwd = userPwd == null ? "" : userPwd;
    userName = userName == null ? "" : userName;
  }
}
