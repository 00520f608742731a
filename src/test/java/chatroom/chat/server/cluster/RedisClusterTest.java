package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatNodes;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedisCluster;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same two chat nodes on a Redis Cluster of three masters (issue 13): every key, script and
 * channel works when the keys are spread over several Redis servers, and they are spread.
 */
class RedisClusterTest {
  private static TestRedisCluster cluster;

  @RegisterExtension final ChatNodes nodes = new ChatNodes();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new TestRedisCluster(3);
  }

  @AfterAll
  static void stopCluster() throws IOException {
    cluster.close();
  }

  @BeforeEach
  void twoNodes() throws Exception {
    nodes.start(RedisPool.Location.cluster(cluster.addresses()), 2);
  }

  @Test
  void twoNodesOnAClusterAreOneChatAndTheirKeysSpreadOverEveryMaster() throws Exception {
    RawClient alice = nodes.loggedIn(0, 1100, "Alice");
    RawClient bob = nodes.loggedIn(1, 1200, "Bob");
    nodes.register(1, 1300, "Dan");
    JsonNode notice = alice.receivePayload("NotifyUserStatusMes");
    assertEquals(1200, notice.get("userId").asInt());

    alice.send("SmsMes", ChatWire.group("hello, cluster"));
    assertEquals(
        "hello, cluster", bob.receivePayloadAfterNotices("SmsMes").get("content").asText());

    alice.send("PrivateSmsMes", ChatWire.direct(1200, "private, across"));
    assertEquals(200, alice.receivePayloadAfterNotices("SmsResMes").get("code").asInt());
    assertEquals(
        "private, across", bob.receivePayloadAfterNotices("PrivateSmsMes").get("content").asText());

    alice.send("PrivateSmsMes", ChatWire.direct(1300, "kept in the cluster"));
    assertEquals(202, alice.receivePayloadAfterNotices("SmsResMes").get("code").asInt());
    RawClient dan = nodes.logIn(0, 1300);
    assertEquals(
        "kept in the cluster",
        dan.receivePayloadAfterNotices("PrivateSmsMes").get("content").asText());

    RawClient bobAgain = nodes.logIn(0, 1200); // replaces his session on the other node
    assertEquals(409, bob.receivePayloadAfterNotices("ErrorResMes").get("code").asInt());
    bobAgain.send("OnlineUsersMes", "{}");
    assertEquals(
        "[1100,1200,1300]",
        bobAgain.receivePayloadAfterNotices("OnlineUsersResMes").get("UsersId").toString());

    for (int master = 0; master < 3; master++) {
      assertTrue(cluster.keysOn(master) > 0, "master " + master + " holds some of the keys");
    }
  }
}
