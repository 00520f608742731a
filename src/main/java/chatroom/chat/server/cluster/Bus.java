package chatroom.chat.server.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.RedisProtocol;

/**
 * Listens to Redis pub/sub channels on a connection of its own, and keeps listening whatever
 * happens to that connection.
 *
 * <p>Pub/sub delivers a message once, to whoever is subscribed at that moment: a node that is not
 * listening misses it for good. And a subscribed connection only reads, so one that the network cut
 * without a word looks alive for ever. So a watchdog pings through the subscription every two
 * seconds; a connection that does not answer within a few is closed, and a new one subscribes. Each
 * time it subscribes again, {@code resubscribed} runs, for the node to catch up on what it missed.
 */
final class Bus implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Bus.class);

  /** How often the watchdog pings. */
  static final Duration PING_EVERY = Duration.ofSeconds(2);

  /** How long a ping may go unanswered before the connection counts as dead. */
  static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);

  private final Duration pingEvery;
  private final Duration silenceLimit;
  private final List<HostAndPort> addresses;
  private final JedisClientConfig config;
  private final String[] channels;
  private final BiConsumer<String, String> onMessage;
  private final Runnable resubscribed;
  private final Thread listener;
  private final Thread watchdog;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile Connection connection;
  private volatile Subscription subscription;
  private volatile long lastHeard = System.nanoTime();
  private final AtomicLong pongs = new AtomicLong();

  /**
   * A bus for {@code channels} on the first of {@code addresses} that answers (any node of a Redis
   * Cluster will do: pub/sub messages reach every node of a cluster). Not listening yet.
   */
  Bus(
      List<HostAndPort> addresses,
      JedisClientConfig config,
      List<String> channels,
      BiConsumer<String, String> onMessage,
      Runnable resubscribed) {
    this(addresses, config, channels, onMessage, resubscribed, PING_EVERY, SILENCE_LIMIT);
  }

  /** A bus whose watchdog pings every {@code pingEvery} and waits {@code silenceLimit}: tests. */
  Bus(
      List<HostAndPort> addresses,
      JedisClientConfig config,
      List<String> channels,
      BiConsumer<String, String> onMessage,
      Runnable resubscribed,
      Duration pingEvery,
      Duration silenceLimit) {
    this.pingEvery = pingEvery;
    this.silenceLimit = silenceLimit;
    this.addresses = addresses;
    // RESP2: Jedis speaks RESP3 by default, where Redis answers a PING in a subscription with a
    // plain "+PONG" that Jedis' subscriber (8.0) takes for a stray reply and gives up on.
    this.config =
        DefaultJedisClientConfig.builder().from(config).protocol(RedisProtocol.RESP2).build();
    this.channels = channels.toArray(String[]::new);
    this.onMessage = onMessage;
    this.resubscribed = resubscribed;
    this.listener = new Thread(this::listen, "cluster-bus");
    this.listener.setDaemon(true);
    this.watchdog = new Thread(this::watch, "cluster-bus-watchdog");
    this.watchdog.setDaemon(true);
  }

  /** Starts listening, and keeps at it until {@link #close}. */
  void start() {
    listener.start();
    watchdog.start();
  }

  /** What a subscribed connection hears. */
  private final class Subscription extends JedisPubSub {
    @Override
    public void onMessage(String channel, String message) {
      lastHeard = System.nanoTime();
      try {
        onMessage.accept(channel, message);
      } catch (RuntimeException e) {
        log.error("a message on {} could not be handled", channel, e);
      }
    }

    @Override
    public void onPong(String pattern) {
      lastHeard = System.nanoTime();
      pongs.incrementAndGet();
    }

    @Override
    public void onSubscribe(String channel, int subscribed) {
      lastHeard = System.nanoTime();
      if (subscribed == channels.length) { // every channel: from now on nothing is missed
        resubscribed.run();
      }
    }
  }

  private void listen() {
    int failures = 0;
    while (closed.getCount() > 0) {
      for (HostAndPort address : addresses) {
        try (Connection opened = new Connection(address, config)) {
          connection = opened;
          opened.setTimeoutInfinite();
          Subscription listening = new Subscription();
          subscription = listening;
          lastHeard = System.nanoTime();
          if (failures > 0) {
            log.info("listening to the other nodes again, through {}", address);
          }
          failures = 0;
          listening.proceed(opened, channels); // returns when the connection ends
        } catch (RuntimeException e) {
          if (closed.getCount() == 0) {
            return;
          }
          if (failures++ == 0) {
            log.warn("lost the other nodes' messages ({}); listening again", e.getMessage());
          }
        } finally {
          subscription = null;
          connection = null;
        }
      }
      pause(Duration.ofMillis(Math.min(2000, 100L * (1 << Math.min(failures, 5)))));
    }
  }

  /** Pings through the subscription, and closes a connection that has stopped answering. */
  private void watch() {
    while (!pause(pingEvery)) {
      Subscription listening = subscription;
      Connection current = connection;
      if (listening == null || current == null || !listening.isSubscribed()) {
        continue;
      }
      if (System.nanoTime() - lastHeard > silenceLimit.toNanos()) {
        log.warn("the other nodes' messages went silent; listening again");
        current.disconnect(); // the listener's read fails, and it subscribes afresh
        continue;
      }
      try {
        listening.ping();
      } catch (RuntimeException broken) {
        current.disconnect();
      }
    }
  }

  /** Waits {@code time}; returns true if the bus was closed meanwhile. */
  private boolean pause(Duration time) {
    try {
      return closed.await(time.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** How many of the watchdog's pings have been answered, on any connection. */
  long pongsHeard() {
    return pongs.get();
  }

  /** Stops listening. */
  @Override
  public void close() {
    closed.countDown();
    Connection current = connection;
    if (current != null) {
      current.disconnect();
    }
  }
}
