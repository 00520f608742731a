package chatroom.bench;

import chatroom.chat.common.Feature;
import chatroom.chat.common.Json;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.User;
import chatroom.support.ServerAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The simulated users: registers them, logs them in a few at a time, and holds them. */
final class Population implements AutoCloseable {
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

  private final BenchOptions options;
  private final Report report;
  private final Transport transport;
  private final List<BenchClient> online = new ArrayList<>();
  private final Latencies loginLatencies = new Latencies();
  private long loginNanos;
  private volatile int presenceLimit; // as the login answers say; 0 if they do not

  Population(BenchOptions options, Report report) throws IOException {
    this.options = options;
    this.report = report;
    this.transport = Transport.open(options);
  }

  /** The user id of client number {@code index}. */
  int userId(int index) {
    return options.firstId() + index;
  }

  /** The server that client number {@code index} connects to. */
  private ServerAddress server(int index) {
    return options.servers().get(options.node(index));
  }

  private String source(int index) {
    List<String> sources = options.sources();
    return sources.isEmpty() ? null : sources.get(index % sources.size());
  }

  /** Registers every user (an id taken by an earlier run is fine). Not timed. */
  void register() throws Exception {
    int workers = Math.min(options.inFlight(), options.clients());
    AtomicInteger next = new AtomicInteger();
    runOn(
        workers,
        worker -> {
          try (BenchClient client =
              transport.connect(-1, server(worker), source(worker), noisyReceiver())) {
            for (int i = next.getAndIncrement();
                i < options.clients();
                i = next.getAndIncrement()) {
              RegisterMes request =
                  new RegisterMes(new User(userId(i), options.password(), "bench" + userId(i)));
              Message answer =
                  client.request(
                      MessageType.REGISTER_MES,
                      request,
                      MessageType.REGISTER_RES_MES,
                      ANSWER_TIMEOUT);
              int code = Json.decodePayload(answer, RegisterResMes.class).code();
              if (code != 200 && code != 400) {
                report.error("register " + code);
              }
            }
          }
          return null;
        });
  }

  /**
   * Logs every client in, at most {@code --in-flight} waiting for their answer at once, each on a
   * connection of its own that stays open. {@code receivers} makes each client's receiver.
   */
  void logIn(IntFunction<BenchClient.Receiver> receivers) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    BenchClient[] clients = new BenchClient[options.clients()];
    long start = System.nanoTime();
    Thread progress =
        Progress.everySecond(
            report,
            elapsed ->
                String.format(Locale.ROOT, "logged in %,d of %,d", done.get(), options.clients()));
    try {
      runOn(
          Math.min(options.inFlight(), options.clients()),
          worker -> {
            for (int i = next.getAndIncrement();
                i < options.clients();
                i = next.getAndIncrement()) {
              clients[i] = logInOne(i, receivers.apply(i));
              if (clients[i] != null) {
                done.incrementAndGet();
              }
            }
            return null;
          });
    } finally {
      progress.interrupt();
    }
    loginNanos = System.nanoTime() - start;
    for (BenchClient client : clients) {
      if (client != null) {
        online.add(client);
      }
    }
  }

  private BenchClient logInOne(int index, BenchClient.Receiver receiver) {
    try {
      BenchClient client = transport.connect(index, server(index), source(index), receiver);
      long sent = System.nanoTime();
      Message answer =
          client.request(
              MessageType.LOGIN_MES,
              new LoginMes(userId(index), options.password(), "", Feature.names(Feature.all())),
              MessageType.LOGIN_RES_MES,
              ANSWER_TIMEOUT);
      loginLatencies.record(System.nanoTime() - sent);
      LoginResMes result = Json.decodePayload(answer, LoginResMes.class);
      presenceLimit = result.presenceLimit();
      int code = result.code();
      if (code != 200) {
        report.error("login " + code);
        client.close();
        return null;
      }
      return client;
    } catch (IOException e) {
      report.error("login failed: " + e.getMessage());
      return null;
    }
  }

  /** A receiver for connections whose pushes do not matter; a lost one still counts. */
  BenchClient.Receiver noisyReceiver() {
    return new BenchClient.Receiver() {
      @Override
      public void frame(String type, byte[] bytes, int offset, int length) {}

      @Override
      public void lost(String reason) {
        report.error("disconnected: " + reason);
      }
    };
  }

  /** How many of the clients that logged in are on each node, in the order of --servers. */
  int[] perNode() {
    int[] counts = new int[options.servers().size()];
    for (BenchClient client : online) {
      counts[options.node(client.index())]++;
    }
    return counts;
  }

  /** The clients that logged in, in index order. */
  List<BenchClient> online() {
    return online;
  }

  /**
   * How many status notices the logins must at least have caused: login number k is announced to
   * the k - 1 clients before it while the room is within the server's presence limit, and to nobody
   * after. Logins in flight together may cause a few more: a client that joins while an earlier
   * login is still being announced hears of it although it was already in its own login answer.
   */
  long noticesAtLeast() {
    long announced = presenceLimit > 0 ? Math.min(online.size(), presenceLimit) : online.size();
    return announced * (announced - 1) / 2;
  }

  long loginNanos() {
    return loginNanos;
  }

  Latencies loginLatencies() {
    return loginLatencies;
  }

  @Override
  public void close() throws IOException {
    for (BenchClient client : online) {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    transport.close();
  }

  /** Runs {@code workers} copies of {@code work} (given the worker's number) and waits for all. */
  static void runOn(int workers, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        int worker = w;
        running.add(pool.submit(() -> work.run(worker)));
      }
      for (Future<Void> one : running) {
        one.get();
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** One worker's share of the work. */
  @FunctionalInterface
  interface Work {
    /** Does the work. */
    Void run(int worker) throws Exception;
  }
}
