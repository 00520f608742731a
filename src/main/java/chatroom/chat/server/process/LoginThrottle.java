package chatroom.chat.server.process;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing. After {@link #FREE_ATTEMPTS} wrong passwords in a row for one user,
 * further attempts for that user are refused, without even checking the password, for 30 seconds;
 * every wrong password after that doubles the wait, up to 15 minutes. A right password starts over.
 *
 * <p>Counting per user, not per connection or address, stops a guesser who opens many connections.
 * The price is that someone who knows your id can keep you out for a while; the short first wait
 * keeps that price low. Only registered users are counted, so guessing at ids cannot fill this map.
 */
public final class LoginThrottle {
  public static final int FREE_ATTEMPTS = 5;
  public static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

  private record Failures(int count, Instant lockedUntil) {}

  private final Clock clock;
  private final Map<Integer, Failures> byUser = new ConcurrentHashMap<>();

  /** A throttle that tells time by {@code clock}. */
  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code userId} must still wait before trying again, if at all. */
  public Optional<Duration> waitFor(int userId) {
    Failures failures = byUser.get(userId);
    if (failures == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(clock.instant(), failures.lockedUntil());
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  /** Counts a wrong password for {@code userId}. */
  public void failed(int userId) {
    byUser.compute(
        userId,
        (id, before) -> {
          int count = before == null ? 1 : before.count() + 1;
          Instant until = clock.instant();
          if (count >= FREE_ATTEMPTS) {
            int doublings = Math.min(count - FREE_ATTEMPTS, 10);
            Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
            until = until.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
          }
          return new Failures(count, until);
        });
  }

  /** Forgets the failures of {@code userId}, after a right password. */
  public void succeeded(int userId) {
    byUser.remove(userId);
  }
}
