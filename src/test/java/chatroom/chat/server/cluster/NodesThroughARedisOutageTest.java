package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.server.BundledRedis;
import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatNodes;
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

/**
 * Redis goes away under two nodes and comes back (issue 13): users of one node chat on meanwhile,
 * nothing answered 202 is lost, and the nodes find each other again by themselves within seconds.
 */
class NodesThroughARedisOutageTest {
  @TempDir Path dataDir;

  @RegisterExtension final ChatNodes nodes = new ChatNodes();

  private BundledRedis redis;

  @BeforeEach
  void start() throws Exception {
    redis = BundledRedis.start(dataDir); // a Redis of its own: this test stops it
    nodes.start(RedisPool.Location.of(redis.uri()), 2);
  }

  @AfterEach
  void stop() throws IOException {
    redis.close();
  }

  private static int code(RawClient sender, int to, String text) throws IOException {
    sender.send("PrivateSmsMes", ChatWire.direct(to, text));
    return sender.receivePayloadAfterNotices("SmsResMes").get("code").asInt();
  }

  @Test
  void usersOfOneNodeChatOnAndTheNodesFindEachOtherAgainAfterwards() throws Exception {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    RawClient carol = nodes.loggedIn(0, 300, "Carol");
    RawClient bob = nodes.loggedIn(1, 200, "Bob");
    nodes.register(0, 400, "Dan");
    assertEquals(200, code(alice, 200, "before"));
    assertEquals("before", bob.receivePayloadAfterNotices("PrivateSmsMes").get("content").asText());
    assertEquals(202, code(alice, 400, "kept before the outage"));

    redis.stopForOutage();
    assertEquals(200, code(alice, 300, "same node, no Redis needed"));
    assertEquals(
        "same node, no Redis needed",
        carol.receivePayloadAfterNotices("PrivateSmsMes").get("content").asText());
    alice.send("SmsMes", ChatWire.group("group chat here goes on"));
    assertEquals(
        "group chat here goes on",
        carol.receivePayloadAfterNotices("SmsMes").get("content").asText());
    assertEquals(505, code(alice, 200, "another node: not promised"));

    redis.startAgain();
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    int code;
    while ((code = code(alice, 200, "after")) != 200) { // routing mends itself
      if (System.nanoTime() > deadline) {
        throw new AssertionError("cross-node chat never came back; last answer " + code);
      }
      Thread.sleep(100);
    }
    JsonNode after = bob.receivePayloadAfterNotices("PrivateSmsMes");
    while (!after.get("content").asText().equals("after")) { // a 202 kept one may come first
      after = bob.receivePayloadAfterNotices("PrivateSmsMes");
    }
    bob.send("SmsMes", ChatWire.group("and back the other way"));
    assertEquals(
        "and back the other way",
        alice.receivePayloadAfterNotices("SmsMes").get("content").asText());

    RawClient dan = nodes.logIn(1, 400);
    assertEquals(
        "kept before the outage",
        dan.receivePayloadAfterNotices("PrivateSmsMes").get("content").asText(),
        "what was promised with 202 is still there");
  }
}
