package chatroom.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster of three masters, made from the bundled {@code redis-server} for the tests
 * that need one: each started in cluster mode on a free port, given a third of the 16 384 hash
 * slots, and introduced to the others, as {@code redis-cli --cluster create} would do.
 */
public final class TestRedisCluster implements AutoCloseable {
  /** Every key lives in one of this many slots; each master holds a range of them. */
  private static final int SLOTS = 16_384;

  private final List<RedisServer> servers = new ArrayList<>();
  private final List<HostAndPort> addresses = new ArrayList<>();

  /** Starts {@code masters} masters and waits (bounded) until the cluster says it is ready. */
  public TestRedisCluster(int masters) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("chatroom-cluster");
    for (int i = 0; i < masters; i++) {
      int port = freePort();
      RedisServer server =
          RedisServer.newRedisServer()
              .bind("127.0.0.1")
              .port(port)
              .setting("cluster-enabled yes")
              .setting("cluster-config-file \"" + dir.resolve("nodes-" + port + ".conf") + "\"")
              .setting("cluster-node-timeout 5000")
              .setting("dir \"" + dir + "\"")
              .setting("save \"\"")
              .setting("appendonly no")
              .soutListener(line -> {})
              .serrListener(line -> {})
              .build();
      server.start();
      servers.add(server);
      addresses.add(new HostAndPort("127.0.0.1", port));
    }
    for (int i = 0; i < masters; i++) {
      try (Jedis node = new Jedis(addresses.get(i))) {
        int from = SLOTS * i / masters;
        int to = SLOTS * (i + 1) / masters;
        node.clusterAddSlots(IntStream.range(from, to).toArray());
        if (i > 0) {
          node.clusterMeet("127.0.0.1", addresses.get(0).getPort());
        }
      }
    }
    awaitReady();
  }

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.multipliedBy(3).toNanos();
    for (HostAndPort address : addresses) {
      while (true) {
        try (Jedis node = new Jedis(address)) {
          String info = node.clusterInfo();
          if (info.contains("cluster_state:ok")
              && info.contains("cluster_known_nodes:" + addresses.size())) {
            break;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the test cluster never became ready at " + address);
        }
        Thread.sleep(50); // polled: the masters gossip until they agree
      }
    }
  }

  /** The masters' addresses, {@code host:port}. */
  public List<String> addresses() {
    return addresses.stream().map(HostAndPort::toString).toList();
  }

  /** How many keys master {@code i} holds. */
  public long keysOn(int i) {
    try (Jedis node = new Jedis(addresses.get(i))) {
      return node.dbSize();
    }
  }

  @Override
  public void close() throws IOException {
    for (RedisServer server : servers) {
      server.stop();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
