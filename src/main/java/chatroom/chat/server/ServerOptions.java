package chatroom.chat.server;

import chatroom.chat.common.Protocol;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.support.PortNumber;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chat server's command-line options, {@code --name value} pairs, each with a default.
 *
 * @param port where clients connect (0 = any free port)
 * @param redisUri an existing Redis to use; empty to start the bundled one
 * @param dataDir where the bundled Redis keeps its data
 * @param maxFrameBytes the largest frame body accepted
 * @param hashIterations PBKDF2 rounds for new password hashes
 * @param outboxBytes how many bytes may wait for one client before it counts as not reading
 * @param offlineLimit how many private messages are kept for one offline user
 * @param frameTimeout how long a frame may take to arrive, once its first byte has
 * @param loginTimeout how long a connection may stay quiet before it has logged in
 * @param idleTimeout how long a logged-in connection may stay quiet (zero: for ever)
 * @param maxConnections how many connections may be open at once
 * @param presenceLimit the largest room told of every login and logout, and the most ids one answer
 *     lists
 */
public record ServerOptions(
    int port,
    Optional<String> redisUri,
    Path dataDir,
    int maxFrameBytes,
    int hashIterations,
    int outboxBytes,
    int offlineLimit,
    Duration frameTimeout,
    Duration loginTimeout,
    Duration idleTimeout,
    int maxConnections,
    int presenceLimit) {
  /** Enough for thousands of chat lines, or sixteen of the largest frames. */
  public static final int DEFAULT_OUTBOX_BYTES = 1024 * 1024;

  /** Kept per offline user; a full list refuses new messages (429) rather than lose old ones. */
  public static final int DEFAULT_OFFLINE_LIMIT = 500;

  /** A 64 KiB frame takes well under a second even on a slow line. */
  public static final int DEFAULT_FRAME_TIMEOUT_SECONDS = 15;

  /** Time to read the menu and type an id and a password. */
  public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 300;

  /** Sized for the benchmarks' ten thousand users; raise the process's file limit to go higher. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  static final String USAGE =
      """
      Usage: ChatServer [options]
        --port N             port to listen on (default 8889; 0 = any free port)
        --redis URI          use this Redis, e.g. redis://127.0.0.1:6379
                             (default: start the bundled Redis)
        --data-dir DIR       where the bundled Redis keeps its data (default ./data)
        --max-frame BYTES    largest frame accepted (default 65536)
        --hash-iterations N  PBKDF2 rounds for new passwords (default 600000)
        --outbox-bytes N     bytes queued for one client before it counts as not
                             reading and is disconnected (default 1048576)
        --offline-limit N    private messages kept per offline user (default 500)
        --frame-timeout S    seconds a frame may take once started (default 15)
        --login-timeout S    seconds a connection may stay quiet before logging in
                             (default 300)
        --idle-timeout S     seconds a logged-in connection may stay quiet
                             (default 0: no limit)
        --max-connections N  connections open at once; more are refused (default 10000)
        --presence-limit N   logins and logouts are announced while at most N users
                             are online; lists are sent N ids at a time (default 500)""";

  private static final List<String> NAMES =
      List.of(
          "--port",
          "--redis",
          "--data-dir",
          "--max-frame",
          "--hash-iterations",
          "--outbox-bytes",
          "--offline-limit",
          "--frame-timeout",
          "--login-timeout",
          "--idle-timeout",
          "--max-connections",
          "--presence-limit");

  /**
   * Reads the options; what is not given keeps its default.
   *
   * @throws IllegalArgumentException naming the option that is wrong and why
   */
  public static ServerOptions parse(String... args) {
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!NAMES.contains(args[i])) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      given.put(args[i], args[i + 1]);
    }
    return new ServerOptions(
        PortNumber.parse(given.getOrDefault("--port", String.valueOf(Protocol.DEFAULT_PORT))),
        Optional.ofNullable(given.get("--redis")).map(ServerOptions::redisUri),
        Path.of(given.getOrDefault("--data-dir", "data")),
        number(given, "--max-frame", Protocol.DEFAULT_MAX_FRAME_BYTES, 1),
        number(given, "--hash-iterations", PasswordHasher.DEFAULT_ITERATIONS, 1),
        number(given, "--outbox-bytes", DEFAULT_OUTBOX_BYTES, 1),
        number(given, "--offline-limit", DEFAULT_OFFLINE_LIMIT, 1),
        seconds(given, "--frame-timeout", DEFAULT_FRAME_TIMEOUT_SECONDS, 1),
        seconds(given, "--login-timeout", DEFAULT_LOGIN_TIMEOUT_SECONDS, 1),
        seconds(given, "--idle-timeout", 0, 0),
        number(given, "--max-connections", DEFAULT_MAX_CONNECTIONS, 1),
        number(given, "--presence-limit", OnlineUsers.DEFAULT_PRESENCE_LIMIT, 1));
  }

  private static String redisUri(String uri) {
    if (!uri.startsWith("redis://")) {
      throw new IllegalArgumentException("--redis takes redis://host:port, not " + uri);
    }
    return uri;
  }

  private static Duration seconds(Map<String, String> given, String name, int fallback, int min) {
    return Duration.ofSeconds(number(given, name, fallback, min));
  }

  private static int number(Map<String, String> given, String name, int fallback, int min) {
    String value = given.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // fall through to the message
    }
    String kind = min > 0 ? "a positive whole number" : "a whole number, 0 or more";
    throw new IllegalArgumentException(name + " takes " + kind + ", not " + value);
  }
}
