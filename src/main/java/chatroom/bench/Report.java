package chatroom.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The figures of one run: errors counted by kind while it runs, one line per figure at the end. */
final class Report {
  private final PrintStream out;
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  Report(PrintStream out) {
    this.out = out;
  }

  /** Counts one error of this kind, e.g. "login 403" or "disconnected". */
  void error(String kind) {
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  /** Prints a progress line while the run goes on. */
  void progress(String line) {
    out.println(line);
  }

  /** Prints one figure: {@code name: value}. */
  void figure(String name, String value) {
    out.printf(Locale.ROOT, "%-22s %s%n", name + ":", value);
  }

  void figure(String name, long value) {
    figure(name, String.format(Locale.ROOT, "%,d", value));
  }

  /** Prints p50, p90, p99 and max of sorted latencies, in milliseconds. */
  void latencies(String what, long[] sorted) {
    for (double p : new double[] {50, 90, 99}) {
      figure(what + " p" + (int) p, ms(Latencies.percentile(sorted, p)));
    }
    figure(what + " max", ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
  }

  /** Prints the errors by kind, or "none". */
  void errors() {
    if (errors.isEmpty()) {
      figure("errors", "none");
      return;
    }
    StringBuilder line = new StringBuilder();
    new TreeMap<>(errors)
        .forEach((kind, n) -> line.append(kind).append(": ").append(n.sum()).append("; "));
    figure("errors", line.substring(0, line.length() - 2));
  }

  /** Prints each server's resident memory and threads, where Linux tells. */
  void serverMemory(List<Long> pids) {
    for (int i = 0; i < pids.size(); i++) {
      serverMemory(pids.get(i), pids.size() == 1 ? "" : " node " + (i + 1));
    }
  }

  private void serverMemory(long pid, String which) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
          figure("server RSS" + which, String.format(Locale.ROOT, "%,d MiB", kib / 1024));
          figure("server threads" + which, threads(pid));
          return;
        }
      }
    } catch (IOException | NumberFormatException e) {
      figure("server RSS" + which, "unknown (" + e.getMessage() + ")");
    }
  }

  private static String threads(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
      if (line.startsWith("Threads:")) {
        return line.replaceAll("[^0-9]", "");
      }
    }
    return "unknown";
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  static String rate(long count, long nanos) {
    return String.format(Locale.ROOT, "%,.0f", nanos <= 0 ? 0.0 : count * 1e9 / nanos);
  }
}
