package chatroom.chat.server;

import chatroom.chat.common.Protocol;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.support.PortNumber;
import java.nio.file.Path;
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
 */
public record ServerOptions(
    int port,
    Optional<String> redisUri,
    Path dataDir,
    int maxFrameBytes,
    int hashIterations,
    int outboxBytes,
    int offlineLimit) {
  /** Enough for thousands of chat lines, or sixteen of the largest frames. */
  public static final int DEFAULT_OUTBOX_BYTES = 1024 * 1024;

  /** Kept per offline user; a full list refuses new messages (429) rather than lose old ones. */
  public static final int DEFAULT_OFFLINE_LIMIT = 500;

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
        --offline-limit N    private messages kept per offline user (default 500)""";

  private static final List<String> NAMES =
      List.of(
          "--port",
          "--redis",
          "--data-dir",
          "--max-frame",
          "--hash-iterations",
          "--outbox-bytes",
          "--offline-limit");

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
        positive(given, "--max-frame", Protocol.DEFAULT_MAX_FRAME_BYTES),
        positive(given, "--hash-iterations", PasswordHasher.DEFAULT_ITERATIONS),
        positive(given, "--outbox-bytes", DEFAULT_OUTBOX_BYTES),
        positive(given, "--offline-limit", DEFAULT_OFFLINE_LIMIT));
  }

  private static String redisUri(String uri) {
    if (!uri.startsWith("redis://")) {
      throw new IllegalArgumentException("--redis takes redis://host:port, not " + uri);
    }
    return uri;
  }

  private static int positive(Map<String, String> given, String name, int fallback) {
    String value = given.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // fall through to the message
    }
    throw new IllegalArgumentException(name + " takes a positive whole number, not " + value);
  }
}
