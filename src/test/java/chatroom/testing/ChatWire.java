package chatroom.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Payloads as a Go tutorial client would write them, built as JSON by hand for raw tests. */
public final class ChatWire {
  private ChatWire() {}

  /** A {@code LoginMes} payload. */
  public static String login(int userId, String password) {
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
