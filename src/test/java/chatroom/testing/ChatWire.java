package chatroom.testing;

import chatroom.chat.common.Feature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Payloads as clients write them, built as JSON by hand for raw tests: shaped as the Go tutorial's
 * client shapes them, and logging in as one of our clients, which name what they can show.
 */
public final class ChatWire {
  private ChatWire() {}

  /** A {@code LoginMes} payload of a client that can show every feature, as ours do. */
  public static String login(int userId, String password) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("userId", userId).put("userPwd", password).put("userName", "");
    Feature.all().forEach(feature -> payload.withArray("features").add(feature.wireName()));
    return payload.toString();
  }

  /** A {@code LoginMes} payload as the Go tutorial's client sends it: no {@code features}. */
  public static String tutorialLogin(int userId, String password) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("userId", userId).put("userPwd", password).put("userName", "");
    return payload.toString();
  }

  /** A {@code SmsMes} payload, as the Go client sends it: its whole user struct included. */
  public static String group(String content) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("content", content).put("userId", 0).put("userPwd", "").put("userName", "");
    return payload.toString();
  }

  /** A {@code PrivateSmsMes} payload: only what a client fills in. */
  public static String direct(int toUserId, String content) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("toUserId", toUserId).put("content", content);
    return payload.toString();
  }

  /** A {@code RegisterMes} payload. */
  public static String register(int userId, String password, String name) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.putObject("user").put("userId", userId).put("userPwd", password).put("userName", name);
    return payload.toString();
  }
}
