package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Passwords never travel back, identities cannot be borrowed, guessing is throttled. */
class SecurityTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @Test
  void noFrameAnyClientReceivesEverCarriesAPassword() throws IOException {
    String alicePwd = "alice-secret-1";
    String bobPwd = "bob-secret-2";
    chat.register(100, alicePwd, "Alice");
    chat.register(200, bobPwd, "Bob");
    chat.register(300, "carol-secret-3", "Carol");
    List<JsonNode> seen = new ArrayList<>();

    RawClient alice = chat.connect();
    alice.send("LoginMes", ChatWire.login(100, alicePwd));
    seen.add(alice.receive());
    RawClient bob = chat.connect();
    bob.send("LoginMes", ChatWire.login(200, bobPwd));
    seen.add(bob.receive());
    seen.add(alice.receive()); // Bob is online

    // The Go client puts its password into every SmsMes; it must go no further.
    alice.send(
        "SmsMes",
        "{\"content\":\"hi\",\"userId\":100,\"userPwd\":\""
            + alicePwd
            + "\",\"userName\":\"Alice\"}");
    seen.add(bob.receive());
    bob.send("PrivateSmsMes", ChatWire.direct(100, "psst"));
    seen.add(alice.receive());
    seen.add(bob.receive());
    bob.send("PrivateSmsMes", ChatWire.direct(300, "for later"));
    seen.add(bob.receive());
    bob.send("OnlineUsersMes", "{}");
    seen.add(bob.receive());

    RawClient carol = chat.connect();
    carol.send("LoginMes", ChatWire.login(300, "carol-secret-3"));
    seen.add(carol.receive()); // answer
    seen.add(carol.receive()); // the kept message
    carol.send("LoginMes", ChatWire.login(300, "carol-secret-3"));
    seen.add(carol.receive()); // 400: already logged in

    assertEquals(11, seen.size());
    for (JsonNode frame : seen) {
      String text = frame.toString();
      for (String secret : List.of(alicePwd, bobPwd, "carol-secret-3")) {
        assertFalse(text.contains(secret), "a password in " + text);
      }
      JsonNode payload = RawClient.JSON.readTree(frame.get("data").asText());
      assertTrue(!payload.has("userPwd") || payload.get("userPwd").asText().isEmpty(), text);
    }
  }

  @Test
  void aConnectionCannotActForAUserWithoutLoggingInAsThatUser() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient stranger = chat.connect();
    stranger.send("SmsMes", "{\"content\":\"I am Alice\",\"userId\":100,\"userName\":\"Alice\"}");
    assertEquals(401, stranger.receivePayload("ErrorResMes").get("code").asInt());
    stranger.send("PrivateSmsMes", "{\"toUserId\":100,\"content\":\"hi\",\"userId\":100}");
    assertEquals(401, stranger.receivePayload("ErrorResMes").get("code").asInt());

    alice.send("LoginMes", ChatWire.login(200, "pw-200"));
    assertEquals(400, alice.receivePayload("LoginResMes").get("code").asInt(), "no switching");
  }

  @Test
  void fiveWrongPasswordsLockThatUserOutEvenWithTheRightOneUntilTheWaitIsOver() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    chat.register(100, "right", "Alice");
    chat.register(200, "other", "Bob");
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer server = new ChatServer(ChatServerFixture.options(), redis, clock, null);
        RawClient guesser = new RawClient(server.start(0), ChatServerFixture.WAIT)) {
      for (int i = 0; i < 5; i++) {
        guesser.send("LoginMes", ChatWire.login(100, "guess" + i));
        assertEquals(403, guesser.receivePayload("LoginResMes").get("code").asInt());
      }
      guesser.send("LoginMes", ChatWire.login(100, "right"));
      JsonNode locked = guesser.receivePayload("LoginResMes");
      assertEquals(429, locked.get("code").asInt());
      assertEquals("too many wrong passwords; try again in 30 s", locked.get("error").asText());

      guesser.send("LoginMes", ChatWire.login(200, "other"));
      assertEquals(200, guesser.receivePayload("LoginResMes").get("code").asInt(), "Bob is free");

      clock.advance(Duration.ofSeconds(30));
      try (RawClient alice = new RawClient(server.port(), ChatServerFixture.WAIT)) {
        alice.send("LoginMes", ChatWire.login(100, "right"));
        assertEquals(200, alice.receivePayload("LoginResMes").get("code").asInt());
      }
    }
  }
}
