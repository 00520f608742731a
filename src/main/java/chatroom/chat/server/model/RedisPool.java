package chatroom.chat.server.model;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the server's pooled connection to Redis (the Go tutorial's {@code initPool}): to one Redis,
 * or to a Redis Cluster, which spreads the keys over several servers (lesson 13).
 *
 * <p>A pool keeps a few connections open and lends one to each command, so many sessions can use
 * Redis at once without opening a connection per request. A cluster client keeps such a pool for
 * every server of the cluster and sends each command to the one that holds its key.
 */
public final class RedisPool {
  /** How long a command may take, and how long a session waits for a free connection. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private RedisPool() {}

  /**
   * Where Redis is: one server, or the servers of a cluster to start from (the client learns the
   * rest from them), and the password, if any.
   *
   * @param addresses one address, or a cluster's
   * @param cluster true for a Redis Cluster
   * @param config the user name, password and time limits for every connection
   */
  public record Location(List<HostAndPort> addresses, boolean cluster, JedisClientConfig config) {
    /**
     * One Redis at {@code uri}, e.g. {@code redis://127.0.0.1:6379} or, with a password, {@code
     * redis://:secret@127.0.0.1:6379}.
     */
    public static Location of(String uri) {
      URI parsed = URI.create(uri);
      if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
        throw new IllegalArgumentException("expected redis://host:port, got " + uri);
      }
      int port = parsed.getPort() > 0 ? parsed.getPort() : 6379;
      return new Location(
          List.of(new HostAndPort(parsed.getHost(), port)),
          false,
          clientConfig(parsed.getUserInfo()));
    }

    /** A Redis Cluster reached through any of {@code addresses} ({@code host:port} each). */
    public static Location cluster(List<String> addresses) {
      List<HostAndPort> nodes = new ArrayList<>();
      for (String address : addresses) {
        nodes.add(HostAndPort.from(address.strip()));
      }
      return new Location(List.copyOf(nodes), true, clientConfig(null));
    }

    @Override
    public String toString() {
      return (cluster ? "the Redis Cluster at " : "redis://") + String.join(",", names());
    }

    private List<String> names() {
      return addresses.stream().map(HostAndPort::toString).toList();
    }
  }

  private static JedisClientConfig clientConfig(String userInfo) {
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .timeoutMillis((int) TIMEOUT.toMillis())
            .clientName("tcp-chatroom");
    if (userInfo != null) { // redis://user:password@host:port, or :password@
      int colon = userInfo.indexOf(':');
      if (colon > 0) {
        client.user(userInfo.substring(0, colon));
      }
      client.password(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }
    return client.build();
  }

  /**
   * A pooled client for one Redis at {@code uri}; see {@link Location#of}. Nothing is connected
   * yet: a Redis that is down shows up as a {@link StoreException} on first use, not here.
   */
  public static UnifiedJedis open(String uri) {
    return open(Location.of(uri));
  }

  /** A pooled client for {@code location}, one Redis or a cluster. */
  public static UnifiedJedis open(Location location) {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    pool.setMaxWait(TIMEOUT); // a full pool answers 505 after this, never hangs a session
    // Check a connection before lending it: after a Redis restart the pooled ones are dead,
    // and this replaces them instead of failing the next few requests.
    pool.setTestOnBorrow(true);
    if (location.cluster()) {
      return RedisClusterClient.builder()
          .nodes(new LinkedHashSet<>(location.addresses()))
          .clientConfig(location.config())
          .poolConfig(pool)
          .build();
    }
    return RedisClient.builder()
        .hostAndPort(location.addresses().get(0))
        .clientConfig(location.config())
        .poolConfig(pool)
        .build();
  }
}
