package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Client to server: create a user.
 *
 * @param user the new user's id, password and name
 */
public record RegisterMes(@JsonProperty(required = true) User user) {
  /** {@code "user": null} is as malformed as no user at all. */
  public RegisterMes {
    if (user == null) {
      throw new IllegalArgumentException("user must not be null");
    }
  }
}
