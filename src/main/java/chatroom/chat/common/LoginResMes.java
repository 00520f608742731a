package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server to client: the result of a login.
 *
 * @param code 200, 403, 500 or 505
 * @param usersId every online user id, the caller's included; {@code UsersId} on the wire, with a
 *     capital U, because the Go struct field has no JSON tag
 * @param error why the login failed, empty on success
 */
public record LoginResMes(int code, @JsonProperty("UsersId") List<Integer> usersId, String error) {
  /** Never null, even when the sender left the field out. */
  public LoginResMes {
    usersId = usersId == null ? List.of() : List.copyOf(usersId);
  }
}
