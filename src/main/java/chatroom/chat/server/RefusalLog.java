package chatroom.chat.server;

import chatroom.chat.common.ResultCode;
import chatroom.chat.server.process.LogAllowance;
import chatroom.chat.server.process.Session;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per refused request, but not a flood of them: each connection may cause {@link
 * #PER_CONNECTION} such lines per {@link #INTERVAL}, and all of them together {@link #OVERALL};
 * what did not fit is counted and summed up in one line when the next interval begins. A client
 * that sends thousands of bad frames a second then costs a few lines, not gigabytes of log.
 */
final class RefusalLog {
  static final Duration INTERVAL = Duration.ofSeconds(10);
  static final int PER_CONNECTION = 5;
  static final int OVERALL = 50;

  private static final Logger log = LoggerFactory.getLogger(Processor.class);

  private final Clock clock;
  private final LogAllowance overall = new LogAllowance();

  RefusalLog(Clock clock) {
    this.clock = clock;
  }

  /**
   * Logs that {@code session}'s request was refused with {@code code}, if the allowances let it.
   * {@code error} must already be safe to log: any client text in it escaped and cut short.
   */
  void refused(Session session, ResultCode code, String error) {
    long seconds = INTERVAL.toSeconds();
    long missed = session.limits().refusalLog().restartIfOver(clock.instant(), INTERVAL);
    if (missed > 0) {
      log.info("{}: {} more refusals not logged in the last {} s", session, missed, seconds);
    }
    long missedByAll = overall.restartIfOver(clock.instant(), INTERVAL);
    if (missedByAll > 0) {
      log.info(
          "{} more refusals not logged in the last {} s, from all clients", missedByAll, seconds);
    }
    if (session.limits().refusalLog().take(PER_CONNECTION) && overall.take(OVERALL)) {
      log.info("{}: refused ({}): {}", session, code.code(), error);
    }
  }
}
