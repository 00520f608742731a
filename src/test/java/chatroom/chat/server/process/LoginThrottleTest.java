package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoreException;
import chatroom.testing.MutableClock;
import chatroom.testing.TestRedis;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** The throttle's arithmetic, on the real Redis scripts, with a clock moved by hand. */
class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final InetAddress guesser = InetAddress.getLoopbackAddress();
  private final InetAddress owner = address("192.0.2.7");
  private UnifiedJedis redis;
  private LoginThrottle throttle;

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void emptyRedis() {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    throttle = new LoginThrottle(new LimitStore(redis), clock);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  /** Makes {@code times} attempts; returns what the last one was told. */
  private Optional<Duration> attempts(int userId, int times) throws StoreException {
    Optional<Duration> last = Optional.empty();
    for (int i = 0; i < times; i++) {
      last = throttle.attempt(userId, guesser);
    }
    return last;
  }

  @Test
  void fiveAttemptsGoAheadAndTheSixthWaitsThirtySeconds() throws StoreException {
    assertEquals(Optional.empty(), attempts(7, 5));
    assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.attempt(7, guesser));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.attempt(7, guesser));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), throttle.attempt(7, guesser));
  }

  @Test
  void theLockHoldsOnlyThatUserFromThatAddress() throws StoreException {
    attempts(7, 5);
    assertEquals(Optional.empty(), throttle.attempt(8, guesser));
    assertEquals(Optional.empty(), throttle.attempt(7, owner));
  }

  @Test
  void eachAttemptAfterALockDoublesItUpToFifteenMinutes() throws StoreException {
    attempts(7, 5);
    for (long seconds : new long[] {30, 60, 120, 240, 480, 900, 900}) {
      assertEquals(Optional.of(Duration.ofSeconds(seconds)), throttle.attempt(7, guesser));
      clock.advance(Duration.ofSeconds(seconds));
      assertEquals(Optional.empty(), throttle.attempt(7, guesser));
    }
  }

  @Test
  void attemptsRefusedDuringALockDoNotLengthenIt() throws StoreException {
    attempts(7, 5);
    attempts(7, 100);
    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.empty(), throttle.attempt(7, guesser));
    assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.attempt(7, guesser));
  }

  @Test
  void aRightPasswordStartsOver() throws StoreException {
    attempts(7, 4);
    throttle.succeeded(7, guesser);
    assertEquals(Optional.empty(), attempts(7, 5));
  }

  @Test
  void theCountIsForgottenAnHourAfterTheLockEnds() throws StoreException {
    attempts(7, 5);
    long ttl = redis.pttl(LoginThrottle.key(7, guesser));
    assertTrue(ttl > Duration.ofMinutes(60).toMillis() && ttl <= Duration.ofMinutes(61).toMillis());
  }

  @Test
  void anIpv6GuesserIsCountedByItsNetwork() throws StoreException {
    InetAddress one = address("2001:db8:1:2::1");
    InetAddress other = address("2001:db8:1:2:ffff::9");
    for (int i = 0; i < 5; i++) {
      throttle.attempt(7, i % 2 == 0 ? one : other);
    }
    assertTrue(throttle.attempt(7, other).isPresent());
    assertEquals("limits:login-attempts:7:2001:db8:1:2:0:0:0:0/64", LoginThrottle.key(7, one));
  }
}
