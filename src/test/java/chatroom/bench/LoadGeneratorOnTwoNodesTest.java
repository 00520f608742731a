package chatroom.bench;

import static chatroom.bench.LoadGeneratorSmokeTest.figures;
import static chatroom.bench.LoadGeneratorSmokeTest.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatNodes;
import chatroom.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The load generator against two chat servers on one Redis, one chat (issue 13): {@code --servers}
 * spreads the clients over both, and the report counts deliveries within a node and between nodes
 * apart, each with its own latencies. Nothing here is timed.
 */
class LoadGeneratorOnTwoNodesTest {
  @RegisterExtension final ChatNodes nodes = new ChatNodes();

  @BeforeEach
  void twoNodes() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri())) {
      redis.flushAll();
    }
    nodes.start(RedisPool.Location.of(TestRedis.uri()), 2);
  }

  @Test
  void clientsAreSpreadRoundRobin() throws Exception {
    Map<String, String> figures = runOnBoth("connect", "--clients", "13", "--in-flight", "4");

    assertEquals("13", figures.get("clients connected"));
    assertEquals("7, 6", figures.get("clients per node"));
    assertEquals("none", figures.get("errors"));
  }

  @Test
  void groupMessagesReachBothNodesAndAreCountedApart() throws Exception {
    Map<String, String> figures =
        runOnBoth(
            "group",
            "--clients",
            "12",
            "--senders",
            "4",
            "--rate",
            "20",
            "--seconds",
            "2",
            "--warmup",
            "0");

    long sent = number(figures.get("messages sent"));
    assertTrue(sent > 0, figures.toString());
    assertEquals("6, 6", figures.get("clients per node"));
    // Senders 0 to 3 sit two on each node: each has five others beside it and six on the other.
    assertEquals(sent * 5, number(figures.get("deliveries same node")));
    assertEquals(sent * 6, number(figures.get("deliveries cross node")));
    assertEquals("0", figures.get("lost same node"));
    assertEquals("0", figures.get("lost cross node"));
    for (String where : List.of("same node", "cross node")) {
      assertTrue(figures.containsKey("deliveries/s " + where), figures.toString());
      assertTrue(figures.get("latency " + where + " p99").endsWith(" ms"), figures.toString());
    }
    assertEquals("none", figures.get("errors"));
  }

  @Test
  void privateMessagesWithinAndBetweenNodesAllArriveAndAreCountedApart() throws Exception {
    Map<String, String> figures =
        runOnBoth("private", "--clients", "10", "--rate", "20", "--seconds", "2", "--warmup", "0");

    long sent = number(figures.get("messages sent"));
    long same = number(figures.get("deliveries same node"));
    long across = number(figures.get("deliveries cross node"));
    assertTrue(same > 0 && across > 0, figures.toString());
    assertEquals(sent, same + across);
    assertEquals("0", figures.get("lost same node"));
    assertEquals("0", figures.get("lost cross node"));
    for (String where : List.of("same node", "cross node")) {
      assertTrue(figures.get("latency " + where + " p50").endsWith(" ms"), figures.toString());
      assertTrue(figures.get("latency " + where + " p99").endsWith(" ms"), figures.toString());
    }
    assertEquals("none", figures.get("errors"));
  }

  private Map<String, String> runOnBoth(String mode, String... options) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                mode, "--servers", "localhost:" + nodes.port(0) + ",localhost:" + nodes.port(1)));
    args.addAll(List.of(options));
    return figures(args);
  }
}
