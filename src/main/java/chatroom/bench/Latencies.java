package chatroom.bench;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, kept exactly (eight bytes each) so that percentiles are exact.
 * Each reader thread has its own; they are merged at the end.
 */
final class Latencies {
  private long[] samples = new long[1024];
  private int count;

  /** Records one latency (normally from one reader thread; the lock is for the final merge). */
  synchronized void record(long nanos) {
    if (count == samples.length) {
      samples = Arrays.copyOf(samples, samples.length * 2);
    }
    samples[count++] = nanos;
  }

  /** How many were recorded. */
  int count() {
    return count;
  }

  /** All of {@code parts} together, sorted. */
  static long[] merged(Iterable<Latencies> parts) {
    int total = 0;
    for (Latencies part : parts) {
      synchronized (part) {
        total += part.count;
      }
    }
    long[] all = new long[total];
    int at = 0;
    for (Latencies part : parts) {
      synchronized (part) {
        int n = Math.min(part.count, total - at);
        System.arraycopy(part.samples, 0, all, at, n);
        at += n;
      }
    }
    all = Arrays.copyOf(all, at);
    Arrays.sort(all);
    return all;
  }

  /** The value below which {@code percent} per cent of the sorted samples fall. */
  static long percentile(long[] sorted, double percent) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
