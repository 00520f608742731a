package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/** Messages kept for offline users: delivered once, in order, and never lost. */
class OfflineMessagesTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @TempDir Path dataDir;

  private static void sendAll(RawClient from, int to, int count, int expectedCode)
      throws IOException {
    for (int i = 0; i < count; i++) {
      from.send("PrivateSmsMes", ChatWire.direct(to, "message " + i));
      assertEquals(expectedCode, from.receivePayload("SmsResMes").get("code").asInt());
    }
  }

  /**
   * Logs in and returns the texts of the kept messages handed over. They all come between the login
   * answer and the answer to the next request, which is sent at once to mark their end.
   */
  private static List<String> loginAndCollect(int port, int userId) throws IOException {
    try (RawClient client = new RawClient(port, ChatServerFixture.WAIT)) {
      client.send("LoginMes", ChatWire.login(userId, "pw-" + userId));
      client.send("OnlineUsersMes", "{}");
      assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt(), "answer first");
      List<String> texts = new ArrayList<>();
      while (true) {
        JsonNode frame = client.receive();
        if (frame.get("type").asText().equals("OnlineUsersResMes")) {
          return texts;
        }
        if (frame.get("type").asText().equals("NotifyUserStatusMes")) {
          continue; // a sender who left just before this login
        }
        JsonNode message = RawClient.JSON.readTree(frame.get("data").asText());
        assertEquals("PrivateSmsMes", frame.get("type").asText(), frame.toString());
        assertTrue(message.get("offline").asBoolean(), message.toString());
        texts.add(message.get("content").asText());
      }
    }
  }

  private static List<String> expectedTexts(int count) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add("message " + i);
    }
    return texts;
  }

  @Test
  void keptMessagesArriveRightAfterTheLoginAnswerOldestFirstAndMarkedOffline() throws IOException {
    chat.register(200, "pw-200", "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    sendAll(alice, 200, 3, 202);

    assertEquals(expectedTexts(3), loginAndCollect(chat.port(), 200));
    assertEquals(0, chat.redis().llen(OfflineMessageDao.key(200)), "removed once delivered");
  }

  @Test
  void aSecondLoginGetsNothingAgain() throws IOException {
    chat.register(200, "pw-200", "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    sendAll(alice, 200, 2, 202);
    loginAndCollect(chat.port(), 200);
    assertEquals(List.of(), loginAndCollect(chat.port(), 200));
  }

  @Test
  void aSenderIsToldWhenTheMailboxIsFullAndNothingKeptIsLost() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(chatroom.testing.TestRedis.uri());
        ChatServer limited =
            new ChatServer(ChatServerFixture.options("--offline-limit", "5"), redis)) {
      int port = limited.start(0);
      chat.register(100, "pw-100", "Alice");
      chat.register(200, "pw-200", "Bob");
      try (RawClient alice = new RawClient(port, ChatServerFixture.WAIT)) {
        alice.send("LoginMes", ChatWire.login(100, "pw-100"));
        alice.receivePayload("LoginResMes");
        sendAll(alice, 200, 5, 202);
        alice.send("PrivateSmsMes", ChatWire.direct(200, "one too many"));
        JsonNode full = alice.receivePayload("SmsResMes");
        assertEquals(429, full.get("code").asInt());
        assertEquals("too many messages wait for user 200", full.get("error").asText());
      }
      assertEquals(expectedTexts(5), loginAndCollect(port, 200));
    }
  }

  @Test
  void aClientThatDropsDuringTheHandOverGetsNothingTwiceAndTheRestInOrder() throws IOException {
    chat.register(200, "pw-200", "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    int total = 30;
    sendAll(alice, 200, total, 202);

    List<String> arrived = new ArrayList<>();
    RawClient bob = new RawClient(chat.port(), ChatServerFixture.WAIT);
    bob.send("LoginMes", ChatWire.login(200, "pw-200"));
    bob.receivePayload("LoginResMes");
    for (int i = 0; i < 2; i++) {
      arrived.add(bob.receivePayload("PrivateSmsMes").get("content").asText());
    }
    bob.resetConnection(); // gone mid-way: what the server had not written yet stays kept
    alice.receivePayload("NotifyUserStatusMes"); // Bob came online
    alice.receivePayload("NotifyUserStatusMes"); // and went offline: that session is over

    List<String> later = loginAndCollect(chat.port(), 200);
    List<String> all = new ArrayList<>(arrived);
    all.addAll(later);
    assertEquals(all.stream().distinct().toList(), all, "nothing twice");
    List<String> inOrder = new ArrayList<>(expectedTexts(total));
    inOrder.retainAll(all);
    assertEquals(inOrder, all, "oldest first, across both logins");
  }

  @Test
  void keptMessagesSurviveARestartOfTheServerAndOfRedis() throws IOException {
    int port;
    try (BundledRedis redis = BundledRedis.start(dataDir);
        UnifiedJedis pool = RedisPool.open(redis.uri());
        ChatServer server = new ChatServer(ChatServerFixture.options(), pool)) {
      port = server.start(0);
      register(port, 100);
      register(port, 200);
      try (RawClient alice = new RawClient(port, ChatServerFixture.WAIT)) {
        alice.send("LoginMes", ChatWire.login(100, "pw-100"));
        alice.receivePayload("LoginResMes");
        sendAll(alice, 200, 3, 202);
      }
    }
    try (BundledRedis redis = BundledRedis.start(dataDir);
        UnifiedJedis pool = RedisPool.open(redis.uri());
        ChatServer server = new ChatServer(ChatServerFixture.options(), pool)) {
      port = server.start(0);
      assertEquals(expectedTexts(3), loginAndCollect(port, 200));
      assertEquals(List.of(), loginAndCollect(port, 200));
    }
  }

  private static void register(int port, int id) throws IOException {
    try (RawClient client = new RawClient(port, ChatServerFixture.WAIT)) {
      client.send("RegisterMes", ChatWire.register(id, "pw-" + id, "user" + id));
      assertEquals(200, client.receivePayload("RegisterResMes").get("code").asInt());
    }
  }
}
