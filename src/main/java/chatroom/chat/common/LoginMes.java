package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Client to server: log in.
 *
 * @param userId who
 * @param userPwd the password, in clear over the connection (see lesson 06 for what TLS adds)
 * @param userName ignored by the server; the Go client always sends it, usually empty
 */
public record LoginMes(
    @JsonProperty(required = true) int userId,
    @JsonProperty(required = true) String userPwd,
    String userName) {
  /** A null from the wire becomes an empty string, so no processor meets a null. */
  public LoginMes {
    userPwd = userPwd == null ? "" : userPwd;
    userName = userName == null ? "" : userName;
  }
}
