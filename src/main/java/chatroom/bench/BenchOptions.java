package chatroom.bench;

import chatroom.chat.common.Protocol;
import chatroom.support.PortNumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The load generator's command line: a mode, then {@code --name value} options.
 *
 * @param mode connect, group or private
 * @param host the chat server's host
 * @param port the chat server's port
 * @param clients how many clients (connect: to log in; group, private: online while sending)
 * @param senders how many of them send (group); in private mode all do
 * @param rate messages per second per sender, or 0 to send flat out
 * @param seconds how long to send
 * @param inFlight how many logins may wait for their answer at once
 * @param firstId the first user id; the clients are firstId, firstId + 1, ...
 * @param password the password of every generated user
 * @param sources local addresses to spread connections over (loopback has about 28 000 ports per
 *     address)
 * @param serverPid the server's process id, to report its memory; empty to skip
 * @param drainSeconds how long to wait for deliveries still on their way once sending stops
 * @param holdSeconds connect mode: how long to hold the connections before closing them
 * @param size the length of each message's text
 * @param warmupSeconds how long to send before latencies count
 */
public record BenchOptions(
    String mode,
    String host,
    int port,
    int clients,
    int senders,
    int rate,
    int seconds,
    int inFlight,
    int firstId,
    String password,
    List<String> sources,
    Optional<Long> serverPid,
    int drainSeconds,
    int holdSeconds,
    int size,
    int warmupSeconds) {

  static final String USAGE =
      """
      Usage: LoadGenerator connect|group|private [options]
        --host H           chat server host (default localhost)
        --port P           chat server port (default 8889)
        --clients N        clients to log in / online while sending (default 100)
        --senders S        group mode: how many of the clients send (default 1)
        --rate R           messages per second per sender; 0 = flat out (default 0)
        --seconds S        how long to send (default 10)
        --in-flight K      logins waiting for their answer at once (default 50)
        --first-id ID      user ids used: ID, ID+1, ... (default 1000000)
        --password PW      password of every generated user (default bench-password)
        --sources A,B,...  local addresses to connect from (default: the system's choice)
        --server-pid PID   report the server's resident memory (Linux)
        --drain S          seconds to wait for late deliveries (default 10)
        --hold S           connect mode: seconds to hold the connections (default 0)
        --size N           characters per message (default 64)
        --warmup S         seconds of sending before latencies count (default 2)""";

  private static final List<String> MODES = List.of("connect", "group", "private");

  /**
   * Reads the command line.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static BenchOptions parse(String... args) {
    if (args.length == 0 || !MODES.contains(args[0])) {
      throw new IllegalArgumentException(
          "the first argument is the mode: connect, group or private");
    }
    Map<String, String> given = new HashMap<>();
    for (int i = 1; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      given.put(args[i], args[i + 1]);
    }
    BenchOptions options =
        new BenchOptions(
            args[0],
            given.getOrDefault("--host", "localhost"),
            PortNumber.parse(given.getOrDefault("--port", String.valueOf(Protocol.DEFAULT_PORT))),
            number(given, "--clients", 100, 2),
            number(given, "--senders", 1, 1),
            number(given, "--rate", 0, 0),
            number(given, "--seconds", 10, 1),
            number(given, "--in-flight", 50, 1),
            number(given, "--first-id", 1_000_000, 1),
            given.getOrDefault("--password", "bench-password"),
            sources(given.get("--sources")),
            given.containsKey("--server-pid")
                ? Optional.of((long) number(given, "--server-pid", 0, 1))
                : Optional.empty(),
            number(given, "--drain", 10, 0),
            number(given, "--hold", 0, 0),
            number(given, "--size", 64, 1),
            number(given, "--warmup", 2, 0));
    List<String> known =
        List.of(
            "--host",
            "--port",
            "--clients",
            "--senders",
            "--rate",
            "--seconds",
            "--in-flight",
            "--first-id",
            "--password",
            "--sources",
            "--server-pid",
            "--drain",
            "--hold",
            "--size",
            "--warmup");
    for (String name : given.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
    }
    if (options.senders() > options.clients()) {
      throw new IllegalArgumentException("--senders cannot be more than --clients");
    }
    return options;
  }

  private static List<String> sources(String text) {
    List<String> addresses = new ArrayList<>();
    if (text != null) {
      for (String address : text.split(",")) {
        addresses.add(address.strip());
      }
    }
    return addresses;
  }

  private static int number(Map<String, String> given, String name, int fallback, int min) {
    String value = given.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // fall through
    }
    throw new IllegalArgumentException(
        name + " takes a whole number from " + min + ", not " + value);
  }
}
