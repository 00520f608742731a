package chatroom.bench;

import java.time.Duration;
import java.util.function.Consumer;

/** A daemon thread that reports progress at a fixed interval until interrupted. */
final class Progress {
  private Progress() {}

  /** Calls {@code report} with the time elapsed, every {@code interval}, until interrupted. */
  static Thread every(Duration interval, Consumer<Duration> report) {
    long start = System.nanoTime();
    Thread thread =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(interval.toMillis());
                  report.accept(Duration.ofNanos(System.nanoTime() - start));
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
