package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/** Redis goes away under a running chat server, and comes back. */
class StoreOutageTest {
  @TempDir Path dataDir;
  @RegisterExtension final CapturedLog log = new CapturedLog();

  private BundledRedis redis;
  private UnifiedJedis pool;
  private ChatServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    redis = BundledRedis.start(dataDir); // a Redis of its own: this test stops it
    pool = RedisPool.open(redis.uri());
    server = new ChatServer(ChatServerFixture.options(), pool);
    port = server.start(0);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    pool.close();
    redis.close();
  }

  private int register(RawClient client, int id) throws IOException {
    client.send("RegisterMes", ChatWire.register(id, "pw", "user" + id));
    return client.receivePayload("RegisterResMes").get("code").asInt();
  }

  private int login(RawClient client, int id) throws IOException {
    client.send("LoginMes", ChatWire.login(id, "pw"));
    return client.receivePayload("LoginResMes").get("code").asInt();
  }

  private RawClient loggedIn(int id) throws IOException {
    RawClient client = new RawClient(port, ChatServerFixture.WAIT);
    assertEquals(200, login(client, id));
    return client;
  }

  @Test
  void onlineUsersChatThroughAnOutageAndNothingKeptBeforeItIsLost() throws IOException {
    try (RawClient setup = new RawClient(port, ChatServerFixture.WAIT)) {
      for (int id = 1; id <= 3; id++) {
        assertEquals(200, register(setup, id));
      }
    }
    RawClient one = loggedIn(1);
    RawClient two = loggedIn(2);
    one.receivePayload("NotifyUserStatusMes");
    one.send("PrivateSmsMes", ChatWire.direct(3, "kept before the outage"));
    assertEquals(202, one.receivePayload("SmsResMes").get("code").asInt());

    redis.stopForOutage();
    one.send("SmsMes", ChatWire.group("group chat needs no Redis"));
    assertEquals("group chat needs no Redis", two.receivePayload("SmsMes").get("content").asText());
    one.send("PrivateSmsMes", ChatWire.direct(2, "nor does private chat to someone online"));
    assertEquals(200, one.receivePayload("SmsResMes").get("code").asInt());
    assertEquals(
        "nor does private chat to someone online",
        two.receivePayload("PrivateSmsMes").get("content").asText());
    one.send("PrivateSmsMes", ChatWire.direct(3, "keeping this one needs Redis"));
    assertEquals(505, one.receivePayload("SmsResMes").get("code").asInt(), "not promised");

    redis.startAgain();
    try (RawClient three = new RawClient(port, ChatServerFixture.WAIT)) {
      assertEquals(200, login(three, 3));
      JsonNode kept = three.receivePayload("PrivateSmsMes");
      assertEquals("kept before the outage", kept.get("content").asText());
      three.send("OnlineUsersMes", "{}");
      three.receivePayload("OnlineUsersResMes"); // nothing else was kept: the 505 was honest
    }
    one.close();
    two.close();
  }

  /**
   * Found by the benchmark: a server stopped under busy senders lost its Redis first, then logged
   * one ERROR line for each request that failed (11 089 lines).
   */
  @Test
  void anOutageUnderBusySendersLogsAFewLinesNotOnePerRequest() throws Exception {
    try (RawClient setup = new RawClient(port, ChatServerFixture.WAIT)) {
      assertEquals(200, register(setup, 1));
      assertEquals(200, register(setup, 2));
    }
    try (RawClient one = loggedIn(1)) {
      redis.stopForOutage();
      for (int i = 0; i < 200; i++) {
        one.send("PrivateSmsMes", ChatWire.direct(2, "for later " + i));
        assertEquals(505, one.receivePayload("SmsResMes").get("code").asInt());
      }
      long lines =
          log.lines().stream().filter(line -> line.contains("PrivateSmsMes failed")).count();
      assertTrue(lines >= 1 && lines <= Processor.STORE_FAILURES_LOGGED, lines + " lines");
      redis.startAgain();
    }
  }

  @Test
  void requestsGet505WhileRedisIsDownAndWorkAgainWhenItIsBack() throws IOException {
    try (RawClient client = new RawClient(port, ChatServerFixture.WAIT)) {
      assertEquals(200, register(client, 1));

      redis.stopForOutage();
      assertEquals(505, login(client, 1), "login while Redis is down");
      assertEquals(505, register(client, 2), "registration while Redis is down");
      try (RawClient newcomer = new RawClient(port, ChatServerFixture.WAIT)) {
        assertEquals(505, login(newcomer, 1), "the server still accepts and answers");
      }

      redis.startAgain();
      assertEquals(200, login(client, 1), "user 1 is still there once Redis is back");
      try (RawClient other = new RawClient(port, ChatServerFixture.WAIT)) {
        assertEquals(200, register(other, 2));
      }
    }
  }
}
