package chatroom.chat.common;

import java.util.List;

/**
 * Server to client: the result of a registration.
 *
 * @param code 200, 400 (id taken), 422 (a field is invalid) or 505
 * @param error why it failed, empty on success
 * @param features the {@link Feature} names the server offers (an extension), as in {@code
 *     LoginResMes}: a client can tell our server's 505 (the store failed) from a Go tutorial
 *     server's 505 (the id is taken), which sends no such field
 */
public record RegisterResMes(int code, String error, List<String> features) {
  /** Never null, even when the sender left the field out. */
  public RegisterResMes {
    features = features == null ? List.of() : List.copyOf(features);
  }

  /** An answer from this server, which offers every feature. */
  public static RegisterResMes of(ResultCode code, String error) {
    return new RegisterResMes(code.code(), error, Feature.names(Feature.all()));
  }
}
