package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Client to server: log in.
 *
 * @param userId who
 * @param userPwd the password, in clear over the connection (see lesson 06 for what TLS adds)
 * @param userName ignored by the server; the Go client always sends it, usually empty
 * @param features the {@link Feature} names this client can show (an extension), or null when the
 *     field was not sent, as by a Go tutorial client
 */
public record LoginMes(
    @JsonProperty(required = true) int userId,
    @JsonProperty(required = true) String userPwd,
    String userName,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<String> features) {
  /** A null from the wire becomes an empty string, so no processor meets a null. */
  public LoginMes {
    userPwd = userPwd == null ? "" : userPwd;
    userName = userName == null ? "" : userName;
    features = features == null ? null : List.copyOf(features);
  }

  /** A login as the Go tutorial's client sends it: no {@code features}. */
  public LoginMes(int userId, String userPwd, String userName) {
    this(userId, userPwd, userName, null);
  }

  /** True when the client named its features: it is one of ours, not a tutorial client. */
  public boolean declaresFeatures() {
    return features != null;
  }
}
