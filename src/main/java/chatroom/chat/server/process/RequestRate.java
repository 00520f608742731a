package chatroom.chat.server.process;

import java.util.function.LongSupplier;

/**
 * How fast one session may send requests once logged in: a token bucket. Each request takes a
 * token; tokens come back at {@code perSecond}, up to {@code burst} saved. A request with no token
 * left waits for one, so going over the rate only slows the sender (its next frames are read later,
 * as IRC servers' "fake lag" does) and nobody else: a person typing, even pasting a few lines at
 * once, never notices.
 *
 * <p>Not thread-safe: one session's requests are read one at a time, by one thread.
 */
public final class RequestRate {
  private final double perNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long updated;

  /** A full bucket: {@code burst} requests at once, then {@code perSecond}; 0 = no limit. */
  public RequestRate(double perSecond, int burst) {
    this(perSecond, burst, System::nanoTime);
  }

  RequestRate(double perSecond, int burst, LongSupplier nanoTime) {
    this.perNano = perSecond / 1e9;
    this.burst = Math.max(1, burst);
    this.nanoTime = nanoTime;
    this.tokens = this.burst;
    this.updated = nanoTime.getAsLong();
  }

  /** True when this bucket limits nothing. */
  public boolean unlimited() {
    return perNano <= 0;
  }

  /**
   * Takes a token for one request.
   *
   * @return how many nanoseconds the request must wait before it is served; 0 if it may go now
   */
  public long take() {
    if (unlimited()) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - updated) * perNano);
    updated = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}
