package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The bus the nodes talk over: it hears what is published, answers its watchdog's pings without
 * dropping the connection, and subscribes afresh when Redis drops it.
 */
class BusTest {
  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private UnifiedJedis redis;
  private Bus bus;

  @BeforeEach
  void listening() throws InterruptedException {
    redis = RedisPool.open(TestRedis.uri());
    RedisPool.Location location = RedisPool.Location.of(TestRedis.uri());
    bus =
        new Bus(
            location.addresses(),
            location.config(),
            List.of("bus-test"),
            (channel, message) -> heard.add(message),
            subscriptions::incrementAndGet,
            Duration.ofMillis(10), // a ping every 10 ms: hundreds in the time of one test
            Duration.ofSeconds(5));
    bus.start();
    awaitTrue(() -> subscriptions.get() == 1, "the bus subscribes");
  }

  @AfterEach
  void close() {
    bus.close();
    redis.close();
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5); // polled: the bus works on threads of its own
    }
  }

  private String next() throws InterruptedException {
    String message = heard.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("nothing heard on the bus");
    }
    return message;
  }

  @Test
  void hundredsOfPingsAreAnsweredOnTheSameSubscription() throws InterruptedException {
    awaitTrue(() -> bus.pongsHeard() >= 200, "200 pings are answered");

    assertEquals(1, subscriptions.get(), "the watchdog's pings never broke the connection");
    redis.publish("bus-test", "still here");
    assertEquals("still here", next());
  }

  @Test
  void aConnectionRedisDropsIsReplacedAndListensAgain() throws InterruptedException {
    redis.publish("bus-test", "before");
    assertEquals("before", next());

    try (Jedis admin = new Jedis(URI.create(TestRedis.uri()))) { // as a restart of Redis would
      admin.clientKill(new ClientKillParams().type(ClientType.PUBSUB));
    }
    awaitTrue(() -> subscriptions.get() == 2, "the bus subscribes again");
    redis.publish("bus-test", "after");
    assertEquals("after", next());
  }
}
