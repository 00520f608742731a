package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.GoTutorialCapture;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.GoTutorialClient.Answer;
import chatroom.testing.GoTutorialClient.GroupMessage;
import chatroom.testing.GoTutorialClient.Notice;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The exact frames the Go tutorial's own client sent in the capture (see {@link
 * GoTutorialCapture}): our server takes them, and answers with fields the tutorial's client
 * decodes. Go's decoder matches keys ignoring case and ignores unknown ones, so our extensions may
 * follow the tutorial's fields as long as none of them could be taken for one.
 */
class GoClientCompatibilityTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  /** The fields of the tutorial's answer structs, with the kind of JSON value each decodes. */
  private static final Map<String, Predicate<JsonNode>> REGISTER_RESULT =
      Map.of("code", JsonNode::isInt, "error", JsonNode::isTextual);

  private static final Map<String, Predicate<JsonNode>> LOGIN_RESULT =
      Map.of(
          "code",
          JsonNode::isInt,
          "UsersId",
          ids -> ids.isNull() || ids.isArray(),
          "error",
          JsonNode::isTextual);

  private static final Map<String, Predicate<JsonNode>> NOTICE =
      Map.of("userId", JsonNode::isInt, "status", JsonNode::isInt);

  private static final Map<String, Predicate<JsonNode>> GROUP_MESSAGE =
      Map.of(
          "content",
          JsonNode::isTextual,
          "userId",
          JsonNode::isInt,
          "userPwd",
          JsonNode::isTextual,
          "userName",
          JsonNode::isTextual);

  /** Jerry (200) as captured: registered and logged in with the tutorial client's own frames. */
  private RawClient jerryLoggedIn() throws IOException {
    RawClient jerry = chat.connect();
    jerry.sendBytes(GoTutorialCapture.REGISTER.bytes());
    jerry.receivePayload("RegisterResMes");
    jerry.sendBytes(GoTutorialCapture.LOGIN.bytes());
    jerry.receivePayload("LoginResMes");
    return jerry;
  }

  @Test
  void theCapturedRegistrationIsAnsweredWithTheFieldsTheTutorialDecodes() throws IOException {
    RawClient jerry = chat.connect();
    jerry.sendBytes(GoTutorialCapture.REGISTER.bytes());
    JsonNode answer = jerry.receive();
    assertEquals(List.of("type", "data"), keys(answer));
    assertEquals("RegisterResMes", answer.get("type").asText());
    JsonNode result = RawClient.JSON.readTree(answer.get("data").asText());
    assertDecodable(REGISTER_RESULT, result);
    assertEquals(200, result.get("code").asInt());
  }

  @Test
  void theCapturedLoginIsAnsweredWithTheFieldsTheTutorialDecodes() throws IOException {
    RawClient jerry = chat.connect();
    jerry.sendBytes(GoTutorialCapture.REGISTER.bytes());
    jerry.receivePayload("RegisterResMes");
    jerry.sendBytes(GoTutorialCapture.LOGIN.bytes());
    JsonNode result = jerry.receivePayload("LoginResMes");
    assertDecodable(LOGIN_RESULT, result);
    assertEquals(200, result.get("code").asInt());
    assertEquals("[200]", result.get("UsersId").toString());
  }

  @Test
  void aFailedCapturedLoginHasTheSameFields() throws IOException {
    RawClient jerry = chat.connect();
    jerry.sendBytes(GoTutorialCapture.LOGIN.bytes());
    JsonNode result = jerry.receivePayload("LoginResMes");
    assertDecodable(LOGIN_RESULT, result);
    assertEquals(500, result.get("code").asInt());
  }

  @Test
  void theCapturedGroupMessageReachesATutorialClientWithTheSendersIdAndName() throws Exception {
    chat.register(100, "123456", "tom");
    try (GoTutorialClient tom = new GoTutorialClient(chat.port())) {
      assertEquals(new Answer("LoginResMes", 200, "", List.of(100)), tom.login(100, "123456"));
      RawClient jerry = jerryLoggedIn();
      assertEquals(new Notice(200, 0), tom.awaitNotice(notice -> notice.userId() == 200));

      jerry.sendBytes(GoTutorialCapture.SMS.bytes());
      assertEquals(
          new GroupMessage(200, "jerry", "hi-from-go"), tom.awaitGroupMessage("hi-from-go"));

      List<byte[]> frames = tom.received();
      JsonNode notice = payload(frames.get(1));
      assertDecodable(NOTICE, notice);
      JsonNode sms = payload(frames.get(2));
      assertDecodable(GROUP_MESSAGE, sms);
      assertEquals("", sms.get("userPwd").asText(), "no password travels on");
      assertEquals(List.of(), tom.ignoredTypes());
      assertTrue(tom.crashed().isEmpty());
    }
  }

  private static JsonNode payload(byte[] body) throws IOException {
    return RawClient.JSON.readTree(RawClient.JSON.readTree(body).get("data").asText());
  }

  /**
   * Each field of the tutorial's struct is there with a value Go can put in it, and no other key
   * matches its name ignoring case, which Go would take for the same field.
   */
  private static void assertDecodable(Map<String, Predicate<JsonNode>> fields, JsonNode payload) {
    fields.forEach(
        (name, kind) -> {
          List<String> matching =
              keys(payload).stream().filter(key -> key.equalsIgnoreCase(name)).toList();
          assertEquals(List.of(name), matching, "the keys Go would decode into " + name);
          assertTrue(kind.test(payload.get(name)), name + " of the wrong kind in " + payload);
        });
  }

  private static List<String> keys(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
