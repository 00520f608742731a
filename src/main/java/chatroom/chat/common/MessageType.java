package chatroom.chat.common;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every kind of message in the chat protocol, with its name on the wire and its payload record.
 *
 * <p>The first six are the Go tutorial's message types, spelled exactly as there; the others are
 * this project's extensions. See {@code docs/protocol.md}.
 */
public enum MessageType {
  LOGIN_MES("LoginMes", LoginMes.class, false, null),
  LOGIN_RES_MES("LoginResMes", LoginResMes.class, false, null),
  REGISTER_MES("RegisterMes", RegisterMes.class, false, null),
  REGISTER_RES_MES("RegisterResMes", RegisterResMes.class, false, null),
  NOTIFY_USER_STATUS_MES("NotifyUserStatusMes", NotifyUserStatusMes.class, false, null),
  SMS_MES("SmsMes", SmsMes.class, true, null),
  PRIVATE_SMS_MES("PrivateSmsMes", PrivateSmsMes.class, true, Feature.PRIVATE),
  SMS_RES_MES("SmsResMes", SmsResMes.class, false, Feature.PRIVATE),
  ONLINE_USERS_MES("OnlineUsersMes", OnlineUsersMes.class, true, Feature.ONLINE_LIST),
  ONLINE_USERS_RES_MES("OnlineUsersResMes", OnlineUsersResMes.class, false, Feature.ONLINE_LIST),
  LOGOUT_MES("LogoutMes", LogoutMes.class, true, Feature.LOGOUT),
  FIND_USER_MES("FindUserMes", FindUserMes.class, true, Feature.FIND_USER),
  FIND_USER_RES_MES("FindUserResMes", FindUserResMes.class, false, Feature.FIND_USER),
  ERROR_RES_MES("ErrorResMes", ErrorResMes.class, false, Feature.ERRORS);

  private static final Map<String, MessageType> BY_WIRE_NAME =
      Arrays.stream(values()).collect(Collectors.toMap(MessageType::wireName, Function.identity()));

  private final String wireName;
  private final Class<?> payloadType;
  private final boolean requiresLogin;
  private final Feature feature;

  MessageType(String wireName, Class<?> payloadType, boolean requiresLogin, Feature feature) {
    this.wireName = wireName;
    this.payloadType = payloadType;
    this.requiresLogin = requiresLogin;
    this.feature = feature;
  }

  /** The name in the envelope's {@code type} field, e.g. {@code "LoginMes"}. */
  public String wireName() {
    return wireName;
  }

  /** The record the envelope's {@code data} decodes to. */
  public Class<?> payloadType() {
    return payloadType;
  }

  /** True for requests only a logged-in session may send (the server answers 401 otherwise). */
  public boolean requiresLogin() {
    return requiresLogin;
  }

  /**
   * The {@link Feature} a peer must have named to be sent this type, or empty for the Go tutorial's
   * own types, which every peer reads.
   */
  public Optional<Feature> feature() {
    return Optional.ofNullable(feature);
  }

  /** The type with this wire name, or empty for a name the protocol does not know. */
  public static Optional<MessageType> fromWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
  }
}
