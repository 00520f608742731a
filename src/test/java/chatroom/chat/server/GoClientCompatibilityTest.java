package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact bytes a client written with the Go tutorial sends, and the JSON keys it expects back.
 * The bodies are what Go's encoding/json produces for the tutorial's structs.
 */
class GoClientCompatibilityTest {
  /** RegisterMes with the tutorial's later User struct, which also has userStatus and sex. */
  static final String GO_REGISTER =
      "{\"type\":\"RegisterMes\",\"data\":\"{\\\"user\\\":{\\\"userId\\\":100,\\\"userPwd\\\":"
          + "\\\"123456\\\",\\\"userName\\\":\\\"tom\\\",\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}}\"}";

  static final String GO_LOGIN =
      "{\"type\":\"LoginMes\",\"data\":\"{\\\"userId\\\":100,\\\"userPwd\\\":\\\"123456\\\","
          + "\\\"userName\\\":\\\"\\\"}\"}";

  /**
   * The Go struct's three keys first, then our two extensions, which Go's encoding/json skips
   * because the struct has no field for them.
   */
  static final List<String> GO_LOGIN_RESULT_KEYS =
      List.of("code", "UsersId", "error", "usersCount", "presenceLimit", "features");

  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @Test
  void aGoClientRegistersAndLogsInAndGetsTheFieldNamesItDecodes() throws IOException {
    RawClient go = chat.connect();
    go.sendBytes(RawClient.frame(GO_REGISTER));
    JsonNode registered = go.receive();
    assertEquals(List.of("type", "data"), keys(registered));
    assertEquals("RegisterResMes", registered.get("type").asText());
    JsonNode registerResult = RawClient.JSON.readTree(registered.get("data").asText());
    assertEquals(List.of("code", "error"), keys(registerResult));
    assertEquals(200, registerResult.get("code").asInt());

    go.sendBytes(RawClient.frame(GO_LOGIN));
    JsonNode loggedIn = go.receive();
    assertEquals("LoginResMes", loggedIn.get("type").asText());
    JsonNode loginResult = RawClient.JSON.readTree(loggedIn.get("data").asText());
    assertEquals(GO_LOGIN_RESULT_KEYS, keys(loginResult));
    assertEquals(200, loginResult.get("code").asInt());
    assertEquals("[100]", loginResult.get("UsersId").toString());
  }

  @Test
  void aGoClientsFailedLoginHasTheSameFields() throws IOException {
    RawClient go = chat.connect();
    go.sendBytes(RawClient.frame(GO_LOGIN));
    JsonNode result = go.receivePayload("LoginResMes");
    assertEquals(GO_LOGIN_RESULT_KEYS, keys(result));
    assertEquals(500, result.get("code").asInt());
  }

  @Test
  void goClientsSeePresenceAndGroupMessagesWithTheFieldsTheyDecode() throws IOException {
    chat.register(100, "123456", "tom");
    chat.register(200, "654321", "jerry");
    RawClient tom = chat.connect();
    tom.sendBytes(RawClient.frame(GO_LOGIN));
    tom.receivePayload("LoginResMes");
    RawClient jerry = chat.connect();
    jerry.send("LoginMes", "{\"userId\":200,\"userPwd\":\"654321\",\"userName\":\"\"}");
    jerry.receivePayload("LoginResMes");

    JsonNode notice = tom.receivePayload("NotifyUserStatusMes");
    assertEquals(List.of("userId", "status"), keys(notice));
    assertEquals(200, notice.get("userId").asInt());
    assertEquals(0, notice.get("status").asInt());

    // The tutorial's client embeds its whole current user, password included, in SmsMes.
    String goSms =
        "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"hi all\\\","
            + "\\\"userId\\\":100,\\\"userPwd\\\":\\\"123456\\\",\\\"userName\\\":"
            + "\\\"\\\",\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}\"}";
    tom.sendBytes(RawClient.frame(goSms));
    JsonNode sms = jerry.receivePayload("SmsMes");
    assertEquals(List.of("content", "userId", "userPwd", "userName"), keys(sms));
    assertEquals("hi all", sms.get("content").asText());
    assertEquals(100, sms.get("userId").asInt());
    assertEquals("tom", sms.get("userName").asText());
    assertEquals(
        "", sms.get("userPwd").asText(), "the password the Go client sent goes no further");
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
