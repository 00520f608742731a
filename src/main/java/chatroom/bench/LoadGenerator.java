package chatroom.bench;

import static java.util.stream.Collectors.joining;

import chatroom.support.ConnectionThreads;
import chatroom.support.OptionTypes;
import chatroom.support.ServerAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
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
 * but not yet answered). {@code --window 0} takes the window away: a sender then writes as fast as
 * its socket takes the bytes, and only the server can slow it down.
 *
 * <p>Clients connect over TCP or WebSocket ({@code --transport}), to one server or, round-robin, to
 * several ({@code --servers}); with several, deliveries within a node and between nodes are counted
 * apart.
 */
public final class LoadGenerator {
  private final BenchOptions options;
  private final Report report;

  LoadGenerator(BenchOptions options, PrintStream out) {
    this.options = options;
    this.report = new Report(out);
  }

  /** {@code LoadGenerator connect|group|private [options]}; {@code --help} lists the options. */
  public static void main(String[] args) {
    BenchOptions options = new BenchOptions();
    System.exit(
        OptionTypes.run(
            options,
            args,
            () -> {
              options.check();
              return runOrSayWhy(options);
            }));
  }

  private static int runOrSayWhy(BenchOptions options) {
    try {
      new LoadGenerator(options, System.out).run();
      return 0;
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("The load generator stopped: " + cause.getMessage());
      return 1;
    }
  }

  /** Runs the mode the options name and prints its figures. */
  void run() throws Exception {
    checkServersAnswer();
    report.progress(
        String.format(
            Locale.ROOT,
            "%s: %,d clients against %s over %s, %s",
            options.mode(),
            options.clients(),
            options.servers().stream().map(ServerAddress::toString).collect(joining(", ")),
            options.transport(),
            ConnectionThreads.kind() + "s"));
    switch (options.mode()) {
      case CONNECT -> connect();
      case GROUP -> chat(true);
      case PRIVATE -> chat(false);
    }
  }

  /** Fails at once, with a clear message, when nothing listens where a server should be. */
  private void checkServersAnswer() throws IOException {
    for (ServerAddress server : options.servers()) {
      try {
        server.probe();
      } catch (IOException e) {
        throw new IOException(
            "no chat server answers at "
                + server
                + " ("
                + e.getMessage()
                + "); start one first (see docs/benchmarks.md)",
            e);
      }
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
      Deliveries deliveries = deliveries();
      CpuMeter cpu = CpuMeter.start(options.serverPids(), options.redisPid());
      users.logIn(deliveries::receiverFor);
      if (options.holdSeconds() > 0) {
        report.progress("holding the connections for " + options.holdSeconds() + " s...");
        Thread.sleep(options.holdSeconds() * 1000L);
      }
      report.figure("clients connected", users.online().size());
      perNode(users);
      report.figure("logins/s", Report.rate(users.online().size(), users.loginNanos()));
      report.latencies("login latency", Latencies.merged(List.of(users.loginLatencies())));
      long noticesAtLeast = users.noticesAtLeast();
      awaitUntil(() -> deliveries.noticesReceived() >= noticesAtLeast);
      report.figure("status notices", deliveries.noticesReceived());
      report.figure("notices at least", noticesAtLeast);
      report.serverMemory(options.serverPids());
      cpu.report(report);
      report.errors();
    }
  }

  private Deliveries deliveries() {
    return new Deliveries(report, options.clients(), options.servers().size());
  }

  /** With several servers: how many clients each holds. */
  private void perNode(Population users) {
    if (options.servers().size() > 1) {
      report.figure(
          "clients per node",
          Arrays.stream(users.perNode())
              .mapToObj(n -> String.format(Locale.ROOT, "%,d", n))
              .collect(joining(", ")));
    }
  }

  private void chat(boolean group) throws Exception {
    try (Population users = new Population(options, report)) {
      report.progress("registering (not timed)...");
      users.register();
      Deliveries deliveries = deliveries();
      users.logIn(deliveries::receiverFor);
      List<BenchClient> online = users.online();
      if (online.size() < options.clients()) {
        report.progress("only " + online.size() + " clients logged in; sending anyway");
      }
      int senders = group ? options.senders() : online.size();
      CpuMeter cpu = CpuMeter.start(options.serverPids(), options.redisPid());
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
      Senders sending = new Senders(options, online, deliveries, report);
      long totalSent = sending.run(group, start, deadline);
      long expected = sending.expected(false) + sending.expected(true);
      awaitUntil(() -> deliveries.chatReceived() >= expected);
      long elapsed = System.nanoTime() - start;
      progress.interrupt();
      long received = deliveries.chatReceived();

      report.figure("clients connected", online.size());
      perNode(users);
      report.figure("senders", senders);
      report.figure("messages sent", totalSent);
      report.figure("deliveries", received);
      report.figure("deliveries/s", Report.rate(received, elapsed));
      report.latencies("latency", deliveries.latencies());
      report.figure("lost deliveries", Math.max(0, expected - received));
      if (received > expected) {
        report.figure("extra deliveries", received - expected);
      }
      if (options.servers().size() > 1) {
        for (boolean across : new boolean[] {false, true}) {
          String where = across ? "cross node" : "same node";
          long arrived = deliveries.chatReceived(across);
          report.figure("deliveries " + where, arrived);
          report.figure("deliveries/s " + where, Report.rate(arrived, elapsed));
          report.figure("lost " + where, Math.max(0, sending.expected(across) - arrived));
          report.latencies("latency " + where, deliveries.latencies(across));
        }
      }
      report.serverMemory(options.serverPids());
      cpu.report(report);
      report.errors();
    }
  }
}
