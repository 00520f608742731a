package chatroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How much processor time the server, the generator and the whole machine used during a run, read
 * from Linux's {@code /proc}. Figures from a shared machine mean little without these: when the two
 * processes together use both cores, every queue grows; when the hypervisor takes time away
 * ("steal"), everything is slower than the code is.
 */
final class CpuMeter {
  /** Linux counts processor time in ticks of 1/100 s (USER_HZ) on every common platform. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final List<Long> serverPids;
  private final Optional<Long> redisPid;
  private final long startNanos;
  private final long[] machineStart;
  private final long generatorStart;
  private final long[] serverStart;
  private final long redisStart;

  private CpuMeter(List<Long> serverPids, Optional<Long> redisPid) {
    this.serverPids = serverPids;
    this.redisPid = redisPid;
    this.startNanos = System.nanoTime();
    this.machineStart = machineTicks();
    this.generatorStart = processTicks("self");
    this.serverStart = serverPids.stream().mapToLong(pid -> processTicks(pid.toString())).toArray();
    this.redisStart = redisPid.map(pid -> processTicks(pid.toString())).orElse(-1L);
  }

  /** Starts measuring now: the machine, this process, the servers and Redis (if known). */
  static CpuMeter start(List<Long> serverPids, Optional<Long> redisPid) {
    return new CpuMeter(serverPids, redisPid);
  }

  /**
   * Prints what was used since {@link #start}: nothing off Linux; "unknown" for a process that was
   * not running from start to end (a wrong process id, say).
   */
  void report(Report report) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    long[] machineEnd = machineTicks();
    boolean linux = Files.isDirectory(Path.of("/proc", "self"));
    long total = 0;
    List<Long> missing = new ArrayList<>();
    StringBuilder each = new StringBuilder();
    for (int i = 0; i < serverPids.size(); i++) {
      long end = processTicks(serverPids.get(i).toString());
      // Not there at the start, or gone at the end: no figure rather than a wrong one.
      if (serverStart[i] < 0 || end < 0) {
        missing.add(serverPids.get(i));
      }
      long used = end - serverStart[i];
      total += used;
      each.append(i == 0 ? "" : ", ").append(cores(used, seconds).replace(" cores", ""));
    }
    if (linux && !serverPids.isEmpty()) {
      report.figure(
          "server CPU", missing.isEmpty() ? cores(total, seconds) : notThroughout(missing));
    }
    if (linux && serverPids.size() > 1 && missing.isEmpty()) {
      report.figure("server CPU per node", each + " cores");
    }
    if (linux && redisPid.isPresent()) {
      long end = processTicks(redisPid.get().toString());
      report.figure(
          "redis CPU",
          redisStart >= 0 && end >= 0
              ? cores(end - redisStart, seconds)
              : notThroughout(List.of(redisPid.get())));
    }
    if (generatorStart >= 0) {
      report.figure("generator CPU", cores(processTicks("self") - generatorStart, seconds));
    }
    if (machineStart.length > 0 && machineEnd.length > 0) {
      long all = 0;
      for (int i = 0; i < machineEnd.length; i++) {
        all += machineEnd[i] - machineStart[i];
      }
      report.figure("machine idle", share(machineEnd[3] - machineStart[3], all));
      report.figure("machine steal", share(machineEnd[7] - machineStart[7], all));
    }
  }

  private static String notThroughout(List<Long> pids) {
    return "unknown (process "
        + pids.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " was not running throughout the run)";
  }

  private static String cores(long ticks, double seconds) {
    return String.format(Locale.ROOT, "%.2f cores", ticks / TICKS_PER_SECOND / seconds);
  }

  private static String share(long part, long total) {
    return String.format(Locale.ROOT, "%.0f%%", total <= 0 ? 0.0 : 100.0 * part / total);
  }

  /** user, nice, system, idle, iowait, irq, softirq, steal from /proc/stat; empty if unknown. */
  private static long[] machineTicks() {
    try {
      String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long[] ticks = new long[8];
      for (int i = 0; i < ticks.length; i++) {
        ticks[i] = Long.parseLong(fields[i + 1]);
      }
      return ticks;
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  /** User plus system ticks of a process, or -1 if unknown. */
  private static long processTicks(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // The command name, in parentheses, may hold spaces: count fields from after it.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
