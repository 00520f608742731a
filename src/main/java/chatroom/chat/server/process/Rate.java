package chatroom.chat.server.process;

import java.time.Duration;

/**
 * How often something may happen: {@code burst} times at once, then {@code perMinute} times a
 * minute. A rate of 0 a minute is no limit at all.
 *
 * @param perMinute how many come back each minute; 0 for no limit
 * @param burst how many may be used at once
 */
public record Rate(int perMinute, int burst) {
  /** No limit. */
  public static final Rate UNLIMITED = new Rate(0, 1);

  /** Checks the numbers. */
  public Rate {
    if (perMinute < 0 || burst < 1) {
      throw new IllegalArgumentException(perMinute + " a minute, " + burst + " at once");
    }
  }

  /** True if this rate limits nothing. */
  public boolean unlimited() {
    return perMinute == 0;
  }

  /** How long one used attempt takes to come back. */
  public Duration interval() {
    return Duration.ofMillis(60_000L / perMinute);
  }

  /** How long it would take for all of {@code burst} to come back. */
  public Duration fullRefill() {
    return interval().multipliedBy(burst);
  }
}
