package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatNodes;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * An attacker gains nothing by spreading over the nodes (issue 13): the budgets of issue 10 are
 * counted in Redis, so two nodes hold the same line as one. The limits are the shipped ones, but
 * for the pause after a wrong password, which would only make the test slow.
 */
class LimitsAcrossNodesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));

  @RegisterExtension final ChatNodes nodes = ChatNodes.withDefaultLimits(clock);

  private UnifiedJedis redis;

  @BeforeEach
  void twoNodesAndAlice() throws Exception {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    String hash = new PasswordHasher(ChatServerFixture.TEST_HASH_ITERATIONS).hash("right");
    new UserDao(redis).create(new StoredUser(100, "Alice", hash));
    nodes.start(RedisPool.Location.of(TestRedis.uri()), 2, "--wrong-password-delay", "0");
  }

  @AfterEach
  void closeRedis() {
    redis.close();
  }

  private JsonNode login(int node, String address, String password) throws IOException {
    RawClient client = nodes.connectFrom(node, address);
    client.send("LoginMes", ChatWire.login(100, password));
    return client.receivePayload("LoginResMes");
  }

  private JsonNode register(int node, String address, int userId) throws IOException {
    RawClient client = nodes.connectFrom(node, address);
    client.send("RegisterMes", ChatWire.register(userId, "pw", "Junk " + userId));
    return client.receivePayload("RegisterResMes");
  }

  @Test
  void fiveWrongPasswordsSpreadOverTwoNodesLockTheGuesserOutOfBoth() throws IOException {
    for (int guess = 0; guess < 5; guess++) { // three on one node, two on the other
      assertEquals(403, login(guess % 2, "127.0.0.2", "guess" + guess).get("code").asInt());
    }

    for (int node = 0; node < 2; node++) {
      JsonNode locked = login(node, "127.0.0.2", "right");
      assertEquals(429, locked.get("code").asInt(), "node " + node + ": " + locked);
      assertEquals("too many wrong passwords; try again in 30 s", locked.get("error").asText());
    }
    assertEquals(200, login(1, "127.0.0.3", "right").get("code").asInt(), "the owner is not");
  }

  @Test
  void registrationsSpreadOverTwoNodesShareOneBudget() throws IOException {
    for (int id = 1; id <= 5; id++) {
      assertEquals(200, register(id % 2, "127.0.0.4", id).get("code").asInt());
    }
    for (int node = 0; node < 2; node++) {
      JsonNode refused = register(node, "127.0.0.4", 10 + node);
      assertEquals(429, refused.get("code").asInt(), "node " + node + ": " + refused);
    }
    assertEquals(5, redis.hlen(UserDao.USERS_KEY) - 1, "five junk accounts, and Alice");

    clock.advance(Duration.ofSeconds(20)); // room for one more, on whichever node
    assertEquals(200, register(1, "127.0.0.4", 20).get("code").asInt());
    assertEquals(429, register(0, "127.0.0.4", 21).get("code").asInt());
  }
}
