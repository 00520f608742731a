package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against a running server: each case gets its documented answer or a clean close,
 * while two logged-in bystanders keep chatting, and the log stays one line per event.
 */
class HostileInputTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  private RawClient alice;
  private RawClient bob;
  private int chatted;

  @BeforeEach
  void bystanders() throws IOException {
    alice = chat.loggedIn(100, "Alice");
    bob = chat.loggedIn(200, "Bob");
    alice.receivePayload("NotifyUserStatusMes");
    chat.register(300, "pw-300", "Carol"); // registered, never online
  }

  /** The bystanders can still chat: the server is alive and nobody else was disturbed. */
  private void bystandersStillChat() throws IOException {
    String text = "still here " + chatted++;
    alice.send("SmsMes", ChatWire.group(text));
    assertEquals(text, bob.receivePayload("SmsMes").get("content").asText());
  }

  @AfterEach
  void theLogStayedReadable() {
    for (String line : log.lines()) {
      assertTrue(!line.startsWith("\t") && !line.startsWith("Caused by"), "a stack trace: " + line);
      assertTrue(!line.contains(" ERROR "), "an error was logged: " + line);
    }
  }

  private static byte[] header(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  private static byte[] frame(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // ---- cases that end with an answer and, for broken framing, a close ----

  static Stream<Arguments> framingAttacks() {
    return Stream.of(
        Arguments.of("length 0", header(0), 400, true),
        Arguments.of("length 1", frame(utf8("{")), 400, false),
        Arguments.of("length 65 537", header(65_537), 413, true),
        Arguments.of("length 2^31-1", header(Integer.MAX_VALUE), 413, true),
        Arguments.of("length 2^32-1", header(0xFFFF_FFFFL), 413, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("framingAttacks")
  void aBadLengthIsAnsweredAndOnlyAFatalOneCloses(
      String name, byte[] bytes, int code, boolean closes) throws IOException {
    RawClient attacker = chat.connect();
    attacker.sendBytes(bytes);
    assertEquals(code, attacker.receivePayload("ErrorResMes").get("code").asInt());
    if (closes) {
      assertTrue(attacker.closedByServer());
    } else {
      attacker.send("OnlineUsersMes", "{}");
      assertEquals(401, attacker.receivePayload("ErrorResMes").get("code").asInt(), "still open");
    }
    bystandersStillChat();
  }

  static Stream<Arguments> badMessages() {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    String long60k = "x".repeat(60_000);
    return Stream.of(
        Arguments.of("not JSON", utf8("{not json"), 400),
        Arguments.of("JSON array", utf8("[1,2,3]"), 400),
        Arguments.of("JSON number", utf8("42"), 400),
        Arguments.of("JSON string", utf8("\"LoginMes\""), 400),
        Arguments.of("no type", utf8("{\"data\":\"{}\"}"), 400),
        Arguments.of("type a number", utf8("{\"type\":7,\"data\":\"{}\"}"), 400),
        Arguments.of(
            "data an object", utf8("{\"type\":\"LoginMes\",\"data\":{\"userId\":1}}"), 400),
        Arguments.of("deeply nested envelope", utf8(deep), 400),
        Arguments.of("deeply nested payload", envelope("LoginMes", deep), 400),
        Arguments.of(
            "invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, 400),
        Arguments.of("unknown type", envelope("FileMes", "{}"), 400),
        Arguments.of("server-only type", envelope("LoginResMes", "{\"code\":200}"), 400),
        Arguments.of(
            "userId out of int range",
            envelope("LoginMes", "{\"userId\":99999999999,\"userPwd\":\"x\"}"),
            400),
        Arguments.of(
            "userId 1e400", envelope("LoginMes", "{\"userId\":1e400,\"userPwd\":\"x\"}"), 400),
        Arguments.of(
            "userId a string", envelope("LoginMes", "{\"userId\":\"me\",\"userPwd\":\"x\"}"), 400),
        Arguments.of("null user", envelope("RegisterMes", "{\"user\":null}"), 400),
        Arguments.of("null payload", envelope("LoginMes", "null"), 400),
        Arguments.of("null envelope", utf8("null"), 400),
        Arguments.of("group chat before login", envelope("SmsMes", ChatWire.group("hi")), 401),
        Arguments.of(
            "private chat before login",
            envelope("PrivateSmsMes", ChatWire.direct(100, "hi")),
            401),
        Arguments.of("online list before login", envelope("OnlineUsersMes", "{}"), 401),
        Arguments.of("logout before login", envelope("LogoutMes", "{}"), 401),
        Arguments.of(
            "very long password",
            envelope("LoginMes", "{\"userId\":100,\"userPwd\":\"" + long60k + "\"}"),
            422));
  }

  private static byte[] envelope(String type, String payload) {
    return utf8(RawClient.envelope(type, payload));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMessages")
  void aBadMessageGetsItsCodeAndTheConnectionStaysUsable(String name, byte[] body, int code)
      throws IOException {
    RawClient attacker = chat.connect();
    attacker.sendBytes(frame(body));
    JsonNode answer = attacker.receive();
    JsonNode payload = RawClient.JSON.readTree(answer.get("data").asText());
    assertEquals(code, payload.get("code").asInt(), answer.toString());
    attacker.send("OnlineUsersMes", "{}");
    assertEquals(401, attacker.receivePayload("ErrorResMes").get("code").asInt(), "still usable");
    bystandersStillChat();
  }

  @Test
  void oddIdsAndHugeFieldsGetTheirOwnCodes() throws IOException {
    RawClient attacker = chat.connect();
    attacker.send("LoginMes", ChatWire.login(0, "x"));
    assertEquals(500, attacker.receivePayload("LoginResMes").get("code").asInt());
    attacker.send("LoginMes", ChatWire.login(-7, "x"));
    assertEquals(500, attacker.receivePayload("LoginResMes").get("code").asInt());
    attacker.send("RegisterMes", ChatWire.register(-7, "pw", "Neg"));
    assertEquals(422, attacker.receivePayload("RegisterResMes").get("code").asInt());
    attacker.send("RegisterMes", ChatWire.register(9, "pw", "n".repeat(60_000)));
    assertEquals(422, attacker.receivePayload("RegisterResMes").get("code").asInt());

    alice.send("PrivateSmsMes", ChatWire.direct(0, "to nobody"));
    assertEquals(404, alice.receivePayload("SmsResMes").get("code").asInt());
    alice.send("PrivateSmsMes", ChatWire.direct(-1, "to nobody"));
    assertEquals(404, alice.receivePayload("SmsResMes").get("code").asInt());
    alice.send("SmsMes", ChatWire.group("y".repeat(60_000)));
    assertEquals(400, alice.receivePayload("ErrorResMes").get("code").asInt());
    bystandersStillChat();
  }

  @Test
  void everyPrefixOfAValidFrameFollowedByACloseIsHarmlessAndLoggedOnce() throws Exception {
    byte[] valid = frame(envelope("LoginMes", ChatWire.login(100, "pw-100")));
    List<String> attackers = new ArrayList<>();
    for (int cut = 1; cut < valid.length; cut++) {
      try (RawClient attacker = chat.connect()) {
        attackers.add("/127.0.0.1:" + attacker.localPort());
        byte[] prefix = new byte[cut];
        System.arraycopy(valid, 0, prefix, 0, cut);
        attacker.sendBytes(prefix);
      }
    }
    bystandersStillChat();
    for (String attacker : attackers) {
      log.awaitContaining(ChatServerFixture.WAIT, attacker + " left");
      // From the attacker's arrival on: an earlier client may have had the same port.
      List<String> lines = log.lines();
      int arrival = lines.size() - 1;
      while (!lines.get(arrival).endsWith(attacker + " connected")) {
        arrival--;
      }
      List<String> about =
          lines.subList(arrival, lines.size()).stream()
              .filter(l -> l.contains(attacker + " "))
              .toList();
      assertEquals(2, about.size(), "one line in, one line out: " + about);
    }
  }

  @Test
  void randomBytesAreAnsweredOrClosedAndNeverHurtAnyone() throws IOException {
    long seed = Long.getLong("fuzz.seed", System.nanoTime());
    Random random = new Random(seed);
    for (int round = 0; round < 50; round++) {
      byte[] noise = new byte[1 + random.nextInt(2_000)];
      random.nextBytes(noise);
      try (RawClient attacker = chat.connect()) {
        attacker.sendBytes(noise);
      } catch (IOException resetMidWrite) {
        // the server may hang up before all the noise is sent: that is a clean close too
      }
    }
    bystandersStillChat();
    assertTrue(
        log.lines().stream().noneMatch(l -> l.contains("bug")),
        "no handler failed on random bytes (seed " + seed + ")");
  }

  @Test
  void aLoggedInAttackerIsStillStampedAndCannotHurtOthers() throws IOException {
    RawClient mallory = chat.loggedIn(666, "Mallory");
    alice.receivePayload("NotifyUserStatusMes");
    bob.receivePayload("NotifyUserStatusMes");
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < 100; i++) {
      burst.write(frame(envelope("SmsMes", "{\"content\":\"spam " + i + "\",\"userId\":100}")));
    }
    mallory.sendBytes(burst.toByteArray());
    for (int i = 0; i < 100; i++) {
      JsonNode spam = bob.receivePayload("SmsMes");
      assertEquals(666, spam.get("userId").asInt());
      alice.receivePayload("SmsMes");
    }
    bystandersStillChat();
  }
}
