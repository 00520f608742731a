package chatroom.chat.server.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A token bucket, kept in memory for one connection: it holds up to {@code burst} tokens, every
 * attempt takes one, and one comes back every {@link Rate#interval}.
 *
 * <p>All the state a bucket needs is one instant: when it will be full again. Taking a token moves
 * that instant one interval later; a bucket that would then be more than {@code burst} intervals
 * from full has no token left. {@code LimitStore} runs the same sum inside Redis, for the buckets
 * that every server node shares.
 */
public final class TokenBucket {
  private Instant fullAt = Instant.EPOCH;

  /**
   * Takes one token at {@code now}.
   *
   * @return empty if there was one; otherwise how long until one comes back
   */
  public synchronized Optional<Duration> take(Instant now, Rate rate) {
    if (rate.unlimited()) {
      return Optional.empty();
    }
    Instant next = (fullAt.isAfter(now) ? fullAt : now).plus(rate.interval());
    Duration over = Duration.between(now, next).minus(rate.fullRefill());
    if (over.compareTo(Duration.ZERO) > 0) {
      return Optional.of(over);
    }
    fullAt = next;
    return Optional.empty();
  }
}
