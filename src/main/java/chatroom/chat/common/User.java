package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A user as the client describes it when registering. The password travels only in this direction,
 * client to server, and is never stored or sent back in clear.
 *
 * @param userId the user's number, chosen by the user; must be positive
 * @param userPwd the password, 1 to 64 characters
 * @param userName the display name, 1 to 32 characters after trimming
 */
public record User(
    @JsonProperty(required = true) int userId,
    @JsonProperty(required = true) String userPwd,
    @JsonProperty(required = true) String userName) {
  /** A null from the wire becomes an empty string, so no processor meets a null. */
  public User {
    userPwd = userPwd == null ? "" : userPwd;
    userName = userName == null ? "" : userName;
  }
}
