package chatroom.bench;

import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registration storm of issue 10 row 4, as a benchmark: 160 connections register users in a
 * loop while a bystander on another address logs in once a second and two logged-in bystanders
 * chat; prints how long the bystanders' logins and messages took, quiet and during the storm.
 *
 * <p>Against a running server on this machine (loopback; the storm binds to 127.0.1.x, the
 * bystanders to 127.0.0.2 and 127.0.0.3):
 *
 * <pre>
 * mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dmain=chatroom.bench.RegistrationStorm \
 *     -Dargs="PORT SECONDS STORM_ADDRESSES"
 * </pre>
 *
 * STORM_ADDRESSES is how many addresses the 160 connections come from: 1 replays the attack as
 * found, 160 is the same storm from 160 machines.
 */
public final class RegistrationStorm {
  private static final int STORM_CONNECTIONS = 160;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final int port;
  private final Map<Integer, LongAdder> stormCodes = new ConcurrentHashMap<>();
  private final AtomicBoolean storming = new AtomicBoolean();
  private final AtomicInteger nextId = // ids no earlier run used
      new AtomicInteger(100_000_000 + (int) (System.currentTimeMillis() % 1_000_000) * 1_000);

  private RegistrationStorm(int port) {
    this.port = port;
  }

  /** {@code PORT SECONDS STORM_ADDRESSES}. */
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int seconds = Integer.parseInt(args[1]);
    int addresses = Integer.parseInt(args[2]);
    new RegistrationStorm(port).run(seconds, addresses);
  }

  private void run(int seconds, int addresses) throws Exception {
    long run = System.currentTimeMillis() % 100_000 * 10; // fresh ids on a reused Redis
    int alice = (int) run + 1;
    int bob = (int) run + 2;
    int carol = (int) run + 3;
    try (RawClient setup = new RawClient(port, TIMEOUT, "127.0.0.2")) {
      for (int id : new int[] {alice, bob, carol}) {
        setup.send("RegisterMes", ChatWire.register(id, "pw-" + id, "Bystander " + id));
        require(setup.receivePayload("RegisterResMes"), "register " + id);
      }
    }
    try (RawClient a = logIn(alice, "127.0.0.2");
        RawClient b = logIn(bob, "127.0.0.2")) {
      a.receivePayload("NotifyUserStatusMes"); // Bob came online
      List<Double> quietLogins = new ArrayList<>();
      List<Double> quietChats = new ArrayList<>();
      measure(5, carol, a, b, quietLogins, quietChats);

      List<Thread> storm = startStorm(addresses);
      List<Double> logins = new ArrayList<>();
      List<Double> chats = new ArrayList<>();
      long start = System.nanoTime();
      measure(seconds, carol, a, b, logins, chats);
      double stormSeconds = (System.nanoTime() - start) / 1e9;
      storming.set(false);
      for (Thread thread : storm) {
        thread.join(TIMEOUT.toMillis());
      }

      System.out.printf(
          Locale.ROOT,
          "storm: %d connections from %d address(es), %.0f s%n",
          STORM_CONNECTIONS,
          addresses,
          stormSeconds);
      System.out.println("storm answers:         " + new TreeMap<>(stormCodes));
      LongAdder created = stormCodes.getOrDefault(200, new LongAdder());
      System.out.printf(Locale.ROOT, "accounts created/s:    %.1f%n", created.sum() / stormSeconds);
      print("quiet login", quietLogins);
      print("quiet message", quietChats);
      print("storm login", logins);
      print("storm message", chats);
    }
  }

  /**
   * For {@code seconds}, at most once a second: Carol logs in afresh, then Alice sends Bob a
   * message.
   */
  private void measure(
      int seconds,
      int carol,
      RawClient alice,
      RawClient bob,
      List<Double> logins,
      List<Double> chats)
      throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    for (int i = 0; System.nanoTime() < end; i++) {
      long begin = System.nanoTime();
      try (RawClient client = new RawClient(port, TIMEOUT, "127.0.0.3")) {
        client.send("LoginMes", ChatWire.login(carol, "pw-" + carol));
        JsonNode answer = client.receivePayload("LoginResMes");
        if (answer.get("code").asInt() == 200) {
          logins.add(millisSince(begin));
        } else {
          System.out.println("bystander login refused: " + answer);
        }
      }
      begin = System.nanoTime();
      alice.send("SmsMes", ChatWire.group("ping " + i));
      while (!bob.receive().get("type").asText().equals("SmsMes")) {
        // presence notices of Carol coming and going
      }
      chats.add(millisSince(begin));
      long rest = 1_000 - (long) millisSince(begin);
      if (rest > 0) {
        Thread.sleep(rest); // the pace of the measurement, not a wait for the server
      }
    }
  }

  private List<Thread> startStorm(int addresses) {
    storming.set(true);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < STORM_CONNECTIONS; i++) {
      String source = "127.0.1." + (1 + i % addresses);
      Thread thread = new Thread(() -> registerInALoop(source), "storm-" + i);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
    return threads;
  }

  private void registerInALoop(String source) {
    try (RawClient client = new RawClient(port, TIMEOUT, source)) {
      while (storming.get()) {
        int id = nextId.getAndIncrement();
        client.send("RegisterMes", ChatWire.register(id, "junk", "Junk " + id));
        int code = client.receivePayload("RegisterResMes").get("code").asInt();
        stormCodes.computeIfAbsent(code, c -> new LongAdder()).increment();
      }
    } catch (IOException e) {
      stormCodes.computeIfAbsent(-1, c -> new LongAdder()).increment(); // -1: connection lost
    }
  }

  private RawClient logIn(int userId, String source) throws IOException {
    RawClient client = new RawClient(port, TIMEOUT, source);
    client.send("LoginMes", ChatWire.login(userId, "pw-" + userId));
    require(client.receivePayload("LoginResMes"), "log in " + userId);
    return client;
  }

  private static void require(JsonNode answer, String what) {
    if (answer.get("code").asInt() != 200) {
      throw new IllegalStateException(what + ": " + answer);
    }
  }

  private static double millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e6;
  }

  private static void print(String what, List<Double> millis) {
    if (millis.isEmpty()) {
      System.out.printf(Locale.ROOT, "%-22s none completed%n", what + ":");
      return;
    }
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    System.out.printf(
        Locale.ROOT,
        "%-22s p50 %8.1f ms   p90 %8.1f ms   max %8.1f ms   (%d)%n",
        what + ":",
        sorted.get(sorted.size() / 2),
        sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.9) - 1)),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }
}
