package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.common.Json;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.Message;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.SmsMes;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JSON that a lenient reader takes for a login as user 1001, as row 13 of issue 10 found: duplicate
 * keys, a string or a fraction where an integer belongs, trailing tokens, a byte order mark (and
 * UTF-16, which Jackson guesses from the same first bytes). Each gets 400 and leaves the connection
 * usable, in the envelope and in the payload inside it; the frames the Go tutorial's programs
 * really send still pass.
 */
class StrictJsonTest {
  private static final String LOGIN = "{\"userId\":1001,\"userPwd\":\"pw\",\"userName\":\"\"}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withDefaultLimits(clock);

  @BeforeEach
  void user1001() throws Exception {
    chat.createUser(1001, "pw", "Victim");
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] login(String payload) {
    return utf8(RawClient.envelope("LoginMes", payload));
  }

  private static byte[] withBom(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    out.writeBytes(body);
    return out.toByteArray();
  }

  static Stream<Arguments> lenientLogins() {
    String envelope = RawClient.envelope("LoginMes", LOGIN);
    String data = envelope.substring(envelope.indexOf("\"data\""));
    return Stream.of(
        Arguments.of("two types", utf8("{\"type\":\"Bogus\",\"type\":\"LoginMes\"," + data)),
        Arguments.of(
            "two datas",
            utf8("{\"type\":\"LoginMes\",\"data\":\"{}\"," + data.replace("}\"}", "}\",\"x\":1}"))),
        Arguments.of("tokens after the envelope", utf8(envelope + " {\"type\":\"LoginMes\"}")),
        Arguments.of("junk after the envelope", utf8(envelope + "x")),
        Arguments.of("a BOM before the envelope", withBom(utf8(envelope))),
        Arguments.of("the envelope in UTF-16", envelope.getBytes(StandardCharsets.UTF_16LE)),
        Arguments.of("two userIds", login("{\"userId\":7,\"userPwd\":\"pw\",\"userId\":1001}")),
        Arguments.of("userId a string", login("{\"userId\":\"1001\",\"userPwd\":\"pw\"}")),
        Arguments.of("userId a fraction", login("{\"userId\":1001.9,\"userPwd\":\"pw\"}")),
        Arguments.of("userId a float", login("{\"userId\":1001.0,\"userPwd\":\"pw\"}")),
        Arguments.of("userId true", login("{\"userId\":true,\"userPwd\":\"pw\"}")),
        Arguments.of("userPwd a number", login("{\"userId\":1001,\"userPwd\":12}")),
        Arguments.of("tokens after the payload", login(LOGIN + " {}")),
        Arguments.of("a BOM before the payload", login("\uFEFF" + LOGIN)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lenientLogins")
  void lenientJsonGets400AndTheConnectionStaysUsable(String name, byte[] body) throws IOException {
    RawClient client = chat.connectFrom("127.0.0.2");
    client.sendBytes(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
    JsonNode answer = client.receive();
    JsonNode payload = RawClient.JSON.readTree(answer.get("data").asText());
    assertEquals(400, payload.get("code").asInt(), answer.toString());
    assertEquals(0, chat.server().onlineCount(), "nobody logged in");

    client.send("LoginMes", LOGIN);
    assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt(), "still usable");
  }

  @Test
  void aStringWhereARegistrationsIdBelongsGets400() throws IOException {
    RawClient client = chat.connectFrom("127.0.0.2");
    client.send(
        "RegisterMes", "{\"user\":{\"userId\":\"77\",\"userPwd\":\"pw\",\"userName\":\"Ann\"}}");
    JsonNode answer = client.receive(); // a payload that does not decode gets an ErrorResMes
    assertEquals(400, RawClient.JSON.readTree(answer.get("data").asText()).get("code").asInt());
    assertEquals(1, chat.redis().hlen(UserDao.USERS_KEY), "only user 1001");
  }

  /** The frames captured from the Go tutorial's own programs (shared/peers) are strict JSON. */
  @Test
  void theGoTutorialsCapturedFramesStillDecode() throws IOException {
    String register =
        "{\"type\":\"RegisterMes\",\"data\":\"{\\\"user\\\":{\\\"userId\\\":200,\\\"userPwd\\\":"
            + "\\\"654321\\\",\\\"userName\\\":\\\"jerry\\\",\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}}\"}";
    String login =
        "{\"type\":\"LoginMes\",\"data\":\"{\\\"userId\\\":200,\\\"userPwd\\\":\\\"654321\\\","
            + "\\\"userName\\\":\\\"\\\"}\"}";
    String sms =
        "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"hi-from-go\\\",\\\"userId\\\":200,"
            + "\\\"userPwd\\\":\\\"\\\",\\\"userName\\\":\\\"\\\",\\\"userStatus\\\":0,"
            + "\\\"sex\\\":\\\"\\\"}\"}";
    assertEquals(200, decode(register, RegisterMes.class).user().userId());
    assertEquals(new LoginMes(200, "654321", ""), decode(login, LoginMes.class));
    assertEquals("hi-from-go", decode(sms, SmsMes.class).content());

    String taken =
        "{\"type\":\"RegisterResMes\",\"data\":\"{\\\"code\\\":505,\\\"error\\\":\\\"User exit...\\\"}\"}";
    String refused =
        "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":403,\\\"UsersId\\\":null,"
            + "\\\"error\\\":\\\"Wrong password\\\"}\"}";
    String loggedIn =
        "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":200,\\\"UsersId\\\":[200,100],"
            + "\\\"error\\\":\\\"\\\"}\"}";
    String online =
        "{\"type\":\"NotifyUserStatusMes\",\"data\":\"{\\\"userId\\\":200,\\\"status\\\":0}\"}";
    assertEquals(505, decode(taken, RegisterResMes.class).code());
    assertEquals(403, decode(refused, LoginResMes.class).code());
    assertEquals(List.of(200, 100), decode(loggedIn, LoginResMes.class).usersId());
    assertEquals(new NotifyUserStatusMes(200, 0), decode(online, NotifyUserStatusMes.class));
  }

  private static <T> T decode(String body, Class<T> type) throws IOException {
    Message envelope = Json.decodeEnvelope(utf8(body));
    return Json.decodePayload(envelope, type);
  }
}
