package chatroom.bench;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/** A daemon thread that reports progress every second until interrupted. */
final class Progress {
  private Progress() {}

  /**
   * Every second, until interrupted, reports {@code line} of the time elapsed, after that time in
   * seconds: {@code [ 12s] ...}.
   */
  static Thread everySecond(Report report, Function<Duration, String> line) {
    long start = System.nanoTime();
    Thread thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(1000);
                  Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                  report.progress(
                      String.format(
                          Locale.ROOT, "[%3ds] %s", elapsed.toSeconds(), line.apply(elapsed)));
                }
              } catch (InterruptedException stop) {
                // the run is over
              }
            },
            "bench-progress");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
