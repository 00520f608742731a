package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatNodes;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The presence limit of a big room (lesson 12) counts the users of every node: past it, logins and
 * departures on another node are not announced either, the login answer is cut with the true count,
 * and the online list pages through both nodes' users. The limit is 2 here, as in {@code
 * BigRoomPresenceTest}.
 */
class PresenceLimitAcrossNodesTest {
  @RegisterExtension final ChatNodes nodes = new ChatNodes();

  @BeforeEach
  void twoNodes() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri())) {
      redis.flushAll();
    }
    nodes.start(RedisPool.Location.of(TestRedis.uri()), 2, "--presence-limit", "2");
  }

  /**
   * One page of the online list, passing over any notice, which must not be about {@code quiet}.
   */
  private static JsonNode page(RawClient client, int after, int quiet) throws IOException {
    client.send("OnlineUsersMes", "{\"after\":" + after + "}");
    while (true) {
      JsonNode frame = client.receive();
      String type = frame.get("type").asText();
      JsonNode payload = RawClient.payloadOf(frame);
      if (type.equals("OnlineUsersResMes")) {
        return payload;
      }
      assertEquals("NotifyUserStatusMes", type, frame.toString());
      assertTrue(payload.get("userId").asInt() != quiet, "announced past the limit: " + frame);
    }
  }

  /** Asks for the first page until it reads {@code expected}: news from the other node lags. */
  private static void awaitFirstPage(RawClient client, String expected, int quiet)
      throws Exception {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    String ids;
    do {
      ids = page(client, 0, quiet).get("UsersId").toString();
      if (ids.equals(expected)) {
        return;
      }
      Thread.sleep(20); // polled: the other node's news comes through Redis
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the first page stayed " + ids + ", not " + expected);
  }

  private static void expectStatus(RawClient observer, int userId, int status) throws IOException {
    JsonNode notice = observer.receivePayload("NotifyUserStatusMes");
    assertEquals(userId, notice.get("userId").asInt(), notice.toString());
    assertEquals(status, notice.get("status").asInt(), notice.toString());
  }

  @Test
  void pastTheLimitTheOtherNodesUsersCountButAreNotAnnounced() throws Exception {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    RawClient bob = nodes.loggedIn(1, 200, "Bob");
    expectStatus(alice, 200, 0); // a room of two: as in the tutorial
    awaitFirstPage(bob, "[100,200]", 0);

    nodes.register(1, 300, "Carol");
    RawClient carol = nodes.connect(1);
    carol.send("LoginMes", ChatWire.login(300, "pw-300"));
    JsonNode answer = carol.receivePayload("LoginResMes");
    assertEquals("[100,300]", answer.get("UsersId").toString(), "cut, the caller kept");
    assertEquals(3, answer.get("usersCount").asInt(), "counting Alice, on the other node");

    // Alice's node learns of Carol without a word to Alice; the list pages through both nodes.
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    JsonNode second;
    do {
      second = page(alice, 200, 300);
    } while (second.get("UsersId").isEmpty() && System.nanoTime() < deadline);
    assertEquals("[300]", second.get("UsersId").toString());
    assertFalse(second.get("more").asBoolean());
    JsonNode first = page(alice, 0, 300);
    assertEquals("[100,200]", first.get("UsersId").toString());
    assertTrue(first.get("more").asBoolean());

    carol.send("LogoutMes", "{}"); // leaving a room of three: not announced on either node
    assertTrue(carol.closedByServer());
    bob.send("LogoutMes", "{}"); // leaving a room of two: announced
    expectStatus(alice, 200, 1); // and it is the very next notice Alice hears
  }
}
