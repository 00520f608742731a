package chatroom.chat.server.process;

import java.time.Duration;
import java.time.Instant;

/**
 * How many lines one source (a connection, or the whole server) may write to the log per interval,
 * and how many it missed: a flood then costs a few lines and a count, not a line per frame.
 */
public final class LogAllowance {
  private Instant start;
  private int logged;
  private long missed;

  /**
   * Starts a new interval if {@code interval} has passed since this one began (or none has).
   *
   * @return how many lines the interval that just ended missed; 0 if it did not end
   */
  public synchronized long restartIfOver(Instant now, Duration interval) {
    if (start != null && now.isBefore(start.plus(interval))) {
      return 0;
    }
    long missedBefore = missed;
    start = now;
    logged = 0;
    missed = 0;
    return missedBefore;
  }

  /** True if one more line fits within {@code limit} this interval; if not, counts it as missed. */
  public synchronized boolean take(int limit) {
    if (logged < limit) {
      logged++;
      return true;
    }
    missed++;
    return false;
  }
}
