package chatroom.chat.server.model;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opens the server's pooled connection to Redis (the Go tutorial's {@code initPool}).
 *
 * <p>A pool keeps a few connections open and lends one to each command, so many sessions can use
 * Redis at once without opening a connection per request.
 */
public final class RedisPool {
  /** How long a command may take, and how long a session waits for a free connection. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private RedisPool() {}

  /**
   * A pooled client for {@code uri}, e.g. {@code redis://127.0.0.1:6379} or, with a password,
   * {@code redis://:secret@127.0.0.1:6379}. Nothing is connected yet: a Redis that is down shows up
   * as a {@link StoreException} on first use, not here.
   */
  public static UnifiedJedis open(String uri) {
    URI parsed = URI.create(uri);
    if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
      throw new IllegalArgumentException("expected redis://host:port, got " + uri);
    }
    int port = parsed.getPort() > 0 ? parsed.getPort() : 6379;
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(32);
    pool.setMaxIdle(32);
    pool.setMaxWait(TIMEOUT); // a full pool answers 505 after this, never hangs a session
    // Check a connection before lending it: after a Redis restart the pooled ones are dead,
    // and this replaces them instead of failing the next few requests.
    pool.setTestOnBorrow(true);
    DefaultJedisClientConfig.Builder client =
        DefaultJedisClientConfig.builder()
            .timeoutMillis((int) TIMEOUT.toMillis())
            .clientName("tcp-chatroom");
    String userInfo = parsed.getUserInfo(); // redis://user:password@host:port, or :password@
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon > 0) {
        client.user(userInfo.substring(0, colon));
      }
      client.password(colon >= 0 ? userInfo.substring(colon + 1) : userInfo);
    }
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(parsed.getHost(), port))
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
  }
}
