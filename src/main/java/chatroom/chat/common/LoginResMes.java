package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Server to client: the result of a login.
 *
 * @param code 200, 403, 500 or 505
 * @param usersId the online user ids, the caller's included: all of them while no more than the
 *     server's presence limit are online, the lowest ids up to that limit beyond it; {@code
 *     UsersId} on the wire, with a capital U, because the Go struct field has no JSON tag
 * @param error why the login failed, empty on success
 * @param usersCount how many users are online (an extension); more than {@code usersId} holds when
 *     the list was cut. A server that leaves it out sends the whole list, so it is never less than
 *     the list's length.
 * @param presenceLimit the largest room in which the server announces every login and logout (an
 *     extension); 0 if the server did not say, as a Go tutorial server does not, which means no
 *     limit
 * @param features the {@link Feature} names the server offers (an extension); empty from a Go
 *     tutorial server, which offers none of them
 */
public record LoginResMes(
    int code,
    @JsonProperty("UsersId") List<Integer> usersId,
    String error,
    int usersCount,
    int presenceLimit,
    List<String> features) {
  /** Never null, even when the sender left the field out. */
  public LoginResMes {
    usersId = usersId == null ? List.of() : List.copyOf(usersId);
    usersCount = Math.max(usersCount, usersId.size());
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** An answer as the Go tutorial's server makes it: the list is everyone online, no features. */
  public LoginResMes(int code, List<Integer> usersId, String error) {
    this(code, usersId, error, 0, 0, List.of());
  }
}
