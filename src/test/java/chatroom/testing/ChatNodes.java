package chatroom.testing;

import chatroom.chat.server.ChatServer;
import chatroom.chat.server.ServerOptions;
import chatroom.chat.server.model.RedisPool;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * Several chat servers in this JVM, each a node on one Redis, each on a free port of its own, as
 * lesson 13 starts them; stopped after the test. Register with {@code @RegisterExtension}.
 */
public final class ChatNodes implements AfterEachCallback {
  private final List<ChatServer> servers = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();
  private final List<UnifiedJedis> pools = new ArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();
  private final Clock clock;
  private final boolean defaultLimits;

  /** Nodes with the test options, as {@link ChatServerFixture#options} gives them. */
  public ChatNodes() {
    this(Clock.systemUTC(), false);
  }

  private ChatNodes(Clock clock, boolean defaultLimits) {
    this.clock = clock;
    this.defaultLimits = defaultLimits;
  }

  /**
   * Nodes with every limit at its default, telling time by {@code clock}, as {@link
   * ChatServerFixture#withDefaultLimits}: for the tests that spread an attack over several nodes.
   */
  public static ChatNodes withDefaultLimits(Clock clock) {
    return new ChatNodes(clock, true);
  }

  /**
   * Starts {@code count} nodes on the Redis at {@code location}, with the test options and {@code
   * options}, and waits until each knows every other.
   */
  public ChatNodes start(RedisPool.Location location, int count, String... options)
      throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      add(location, options);
    }
    awaitAcquainted();
    return this;
  }

  /**
   * Starts one more node; call {@link #awaitAcquainted} before relying on the others knowing it.
   */
  public int add(RedisPool.Location location, String... options) throws IOException {
    UnifiedJedis pool = RedisPool.open(location);
    pools.add(pool);
    ServerOptions parsed =
        defaultLimits
            ? ChatServerFixture.defaultLimits(options)
            : ChatServerFixture.options(options);
    ChatServer server = new ChatServer(parsed, pool, clock, location);
    servers.add(server);
    ports.add(server.start(0));
    return servers.size() - 1;
  }

  /** Waits (bounded) until every running node knows every other one. */
  public void awaitAcquainted() throws InterruptedException {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    for (ChatServer server : servers) {
      while (server.otherNodes().size() < servers.size() - 1) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(server.nodeName() + " knows only " + server.otherNodes());
        }
        Thread.sleep(10); // polled: the nodes find each other through Redis
      }
    }
  }

  /** Node {@code i}. */
  public ChatServer node(int i) {
    return servers.get(i);
  }

  /** Node {@code i}'s port. */
  public int port(int i) {
    return ports.get(i);
  }

  /** A new raw connection to node {@code i}, closed after the test. */
  public RawClient connect(int i) throws IOException {
    RawClient client = new RawClient(port(i), ChatServerFixture.WAIT);
    opened.add(client);
    return client;
  }

  /** A new raw connection to node {@code i} from {@code localAddress}; closed after the test. */
  public RawClient connectFrom(int i, String localAddress) throws IOException {
    RawClient client = new RawClient(port(i), ChatServerFixture.WAIT, localAddress);
    opened.add(client);
    return client;
  }

  /** Registers a user through node {@code i}. */
  public void register(int i, int userId, String name) throws IOException {
    try (RawClient client = new RawClient(port(i), ChatServerFixture.WAIT)) {
      client.send("RegisterMes", ChatWire.register(userId, "pw-" + userId, name));
      JsonNode answer = client.receivePayload("RegisterResMes");
      if (answer.get("code").asInt() != 200) {
        throw new AssertionError("registering " + userId + " failed: " + answer);
      }
    }
  }

  /** A connection to node {@code i}, logged in as a user registered first. */
  public RawClient loggedIn(int i, int userId, String name) throws IOException {
    register(i, userId, name);
    return logIn(i, userId);
  }

  /** A connection to node {@code i}, logged in as {@code userId}, registered already. */
  public RawClient logIn(int i, int userId) throws IOException {
    RawClient client = connect(i);
    client.send("LoginMes", ChatWire.login(userId, "pw-" + userId));
    JsonNode result = client.receivePayload("LoginResMes");
    if (result.get("code").asInt() != 200) {
      throw new AssertionError("login of " + userId + " on node " + i + " failed: " + result);
    }
    return client;
  }

  /** Stops node {@code i}, as Ctrl-C would. */
  public void stop(int i) {
    servers.get(i).close();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
    for (ChatServer server : servers) {
      server.close();
    }
    for (UnifiedJedis pool : pools) {
      pool.close();
    }
  }
}
