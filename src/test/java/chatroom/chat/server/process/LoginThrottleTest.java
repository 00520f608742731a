package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(int userId, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(userId);
    }
  }

  @Test
  void fourWrongPasswordsCostNothing() {
    fail(7, 4);
    assertEquals(Optional.empty(), throttle.waitFor(7));
  }

  @Test
  void theFifthLocksTheUserForThirtySecondsAndOnlyThatUser() {
    fail(7, 5);
    assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.waitFor(7));
    assertEquals(Optional.empty(), throttle.waitFor(8));
    clock.advance(Duration.ofSeconds(29));
    assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.waitFor(7));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Optional.empty(), throttle.waitFor(7));
  }

  @Test
  void eachFurtherFailureDoublesTheWaitUpToFifteenMinutes() {
    fail(7, 6);
    assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.waitFor(7));
    fail(7, 1);
    assertEquals(Optional.of(Duration.ofSeconds(120)), throttle.waitFor(7));
    fail(7, 20);
    assertEquals(Optional.of(Duration.ofMinutes(15)), throttle.waitFor(7));
  }

  @Test
  void aRightPasswordStartsOver() {
    fail(7, 4);
    throttle.succeeded(7);
    fail(7, 4);
    assertTrue(throttle.waitFor(7).isEmpty());
  }
}
