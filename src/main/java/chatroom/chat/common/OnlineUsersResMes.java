package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server to client: the users online now (an extension).
 *
 * @param usersId their ids, {@code UsersId} on the wire as in {@link LoginResMes}
 */
public record OnlineUsersResMes(@JsonProperty("UsersId") List<Integer> usersId) {
  /** Never null, even when the sender left the field out. */
  public OnlineUsersResMes {
    usersId = usersId == null ? List.of() : List.copyOf(usersId);
  }
}
