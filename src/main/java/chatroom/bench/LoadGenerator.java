package chatroom.bench;

import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A load generator for the chat server: many simulated users speaking the wire protocol.
 *
 * <ul>
 *   <li>{@code connect}: registers and logs in {@code --clients} users, {@code --in-flight} at a
 *       time, and reports logins per second and login latency;
 *   <li>{@code group}: {@code --clients} users online, {@code --senders} of them sending group
 *       messages;
 *   <li>{@code private}: every user sends private messages to random others.
 * </ul>
 *
 * <p>Senders go at {@code --rate} messages per second each, or flat out. Latency is measured after
 * {@code --warmup} seconds, once the server's code has been compiled. Flat out is a closed loop: a
 * group sender keeps at most {@link Senders#WINDOW} messages on their way at once (sent, but not
 * yet delivered everywhere), and the private senders together {@link Senders#PRIVATE_WINDOW} (sent,
 * but not yet answered). Any faster and a server could only queue without bound, cut off receivers,
 * or slow the senders down; this one cuts off receivers that fall 1 MiB behind.
 */
public final class LoadGenerator {
  private final BenchOptions options;
  private final Report report;

  LoadGenerator(BenchOptions options, PrintStream out) {
    this.options = options;
    this.report = new Report(out);
  }

  /** {@code LoadGenerator connect|group|private [options]}; see {@link BenchOptions}. */
  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + BenchOptions.USAGE);
      System.exit(2);
      return;
    }
    try {
      new LoadGenerator(options, System.out).run();
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("The load generator stopped: " + cause.getMessage());
      System.exit(1);
    }
    System.exit(0);
  }

  /** Runs the mode the options name and prints its figures. */
  void run() throws Exception {
    checkServerAnswers();
    report.progress(
        String.format(
            Locale.ROOT,
            "%s: %,d clients against %s:%d, %s",
            options.mode(),
            options.clients(),
            options.host(),
            options.port(),
            ConnectionThreads.kind() + "s"));
    switch (options.mode()) {
      case "connect" -> connect();
      case "group" -> chat(true);
      default -> chat(false);
    }
  }

  /** Fails at once, with a clear message, when nothing listens where the server should be. */
  private void checkServerAnswers() throws IOException {
    try (Socket probe = new Socket()) {
      probe.connect(new InetSocketAddress(options.host(), options.port()), 10_000);
    } catch (IOException e) {
      throw new IOException(
          "no chat server answers at "
              + options.host()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); start one first (see docs/benchmarks.md)",
          e);
    }
  }

  /** Waits, at most {@code --drain} seconds, for what is still on its way. */
  private void awaitUntil(BooleanSupplier arrived) {
    long until = System.nanoTime() + Duration.ofSeconds(options.drainSeconds()).toNanos();
    while (!arrived.getAsBoolean() && System.nanoTime() < until) {
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  private void connect() throws Exception {
    try (Population users = new Population(options, report)) {
      report.progress("registering (not timed)...");
      users.register();
      Deliveries deliveries = new Deliveries(report, options.clients());
      CpuMeter cpu = CpuMeter.start(options.serverPid());
      users.logIn(deliveries::receiverFor);
      if (options.holdSeconds() > 0) {
        report.progress("holding the connections for " + options.holdSeconds() + " s...");
        Thread.sleep(options.holdSeconds() * 1000L);
      }
      report.figure("clients connected", users.online().size());
      report.figure("logins/s", Report.rate(users.online().size(), users.loginNanos()));
      report.latencies("login latency", Latencies.merged(List.of(users.loginLatencies())));
      long noticesAtLeast = users.noticesAtLeast();
      awaitUntil(() -> deliveries.noticesReceived() >= noticesAtLeast);
      report.figure("status notices", deliveries.noticesReceived());
      report.figure("notices at least", noticesAtLeast);
      report.serverMemory(options.serverPid());
      cpu.report(report);
      report.errors();
    }
  }

  private void chat(boolean group) throws Exception {
    try (Population users = new Population(options, report)) {
      report.progress("registering (not timed)...");
      users.register();
      Deliveries deliveries = new Deliveries(report, options.clients());
      users.logIn(deliveries::receiverFor);
      List<BenchClient> online = users.online();
      if (online.size() < options.clients()) {
        report.progress("only " + online.size() + " clients logged in; sending anyway");
      }
      int senders = group ? options.senders() : online.size();
      CpuMeter cpu = CpuMeter.start(options.serverPid());
      long start = System.nanoTime();
      long deadline = start + Duration.ofSeconds(options.seconds()).toNanos();
      deliveries.measureLatencyFrom(start + Duration.ofSeconds(options.warmupSeconds()).toNanos());
      Thread progress =
          Progress.everySecond(
              report,
              elapsed ->
                  String.format(
                      Locale.ROOT,
                      "%,d messages delivered, %s/s",
                      deliveries.chatReceived(),
                      Report.rate(deliveries.chatReceived(), elapsed.toNanos())));
      long totalSent = new Senders(options, online, deliveries, report).run(group, start, deadline);
      long expected = group ? totalSent * (online.size() - 1) : totalSent;
      awaitUntil(() -> deliveries.chatReceived() >= expected);
      long elapsed = System.nanoTime() - start;
      progress.interrupt();
      long received = deliveries.chatReceived();

      report.figure("clients connected", online.size());
      report.figure("senders", senders);
      report.figure("messages sent", totalSent);
      report.figure("deliveries", received);
      report.figure("deliveries/s", Report.rate(received, elapsed));
      report.latencies("latency", deliveries.latencies());
      report.figure("lost deliveries", Math.max(0, expected - received));
      if (received > expected) {
        report.figure("extra deliveries", received - expected);
      }
      report.serverMemory(options.serverPid());
      cpu.report(report);
      report.errors();
    }
  }
}
