package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server to client: the users online now (an extension), one page at a time.
 *
 * @param usersId their ids in ascending order, {@code UsersId} on the wire as in {@link
 *     LoginResMes}; at most the server's presence limit of them
 * @param more true if more users are online after the last id listed: ask again with {@code after}
 *     set to that id
 */
public record OnlineUsersResMes(@JsonProperty("UsersId") List<Integer> usersId, boolean more) {
  /** Never null, even when the sender left the field out. */
  public OnlineUsersResMes {
    usersId = usersId == null ? List.of() : List.copyOf(usersId);
  }

  /** A page that lists everyone online. */
  public OnlineUsersResMes(List<Integer> usersId) {
    this(usersId, false);
  }
}
