package chatroom.chat.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real {@code redis-server}, shipped inside the embedded-redis library and started as a child
 * process, so learners need not install Redis. It listens on 127.0.0.1 only, on a free port.
 *
 * <p>With a data directory it keeps its data there, in an append-only file that every change is
 * written and synced to before Redis answers, so registered users and kept messages survive a
 * restart, and even a crash, of the server or of Redis.
 */
public final class BundledRedis implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BundledRedis.class);
  private static final String PID_FILE = "redis.pid";
  private static final String LOCK_FILE = "chat-server.lock";

  /** Where the running server says which port its Redis listens on, for {@code --join}. */
  private static final String URI_FILE = "redis.uri";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

  private final RedisServer server;
  private final int port;
  private final Path dataDir;
  private final FileChannel lock; // held while this server owns the data directory
  private Duration stopTimeout = STOP_TIMEOUT;

  private BundledRedis(RedisServer server, int port, Path dataDir, FileChannel lock) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.lock = lock;
  }

  /** Changes how long {@link #close} waits for Redis to save and exit before killing it. */
  BundledRedis stopTimeout(Duration timeout) {
    this.stopTimeout = timeout;
    return this;
  }

  /**
   * Starts Redis keeping its data in {@code dataDir}, created if missing.
   *
   * @throws IOException also when another running chat server is using that directory
   */
  public static BundledRedis start(Path dataDir) throws IOException {
    Path dir = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    FileChannel lock = lock(dir);
    try {
      stopLeftover(dir.resolve(PID_FILE));
      BundledRedis redis =
          start(
              dir,
              lock,
              "dir " + quoted(dir),
              "pidfile " + quoted(dir.resolve(PID_FILE)),
              "appendonly yes",
              "appendfsync always");
      Files.writeString(dir.resolve(URI_FILE), redis.uri() + "\n");
      return redis;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Starts Redis with nothing on disk, for tests: everything is gone when it stops. */
  public static BundledRedis startInMemory() throws IOException {
    Path scratch = Files.createTempDirectory("chatroom-redis");
    return start(
        scratch,
        null,
        "dir " + quoted(scratch),
        "pidfile " + quoted(scratch.resolve(PID_FILE)),
        "save \"\"",
        "appendonly no");
  }

  /**
   * Takes the data directory's lock file. The operating system releases the lock when a process
   * ends, even one killed without warning, so a held lock means a live server owns the directory.
   */
  private static FileChannel lock(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(
            dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (OverlappingFileLockException heldInThisJvm) {
      // the same answer as a lock held by another process
    }
    channel.close();
    throw new IOException(
        dir
            + " is in use by another running chat server: stop it, or give --data-dir another directory");
  }

  private static BundledRedis start(Path dataDir, FileChannel lock, String... settings)
      throws IOException {
    int port = freePort();
    RedisServerBuilder builder =
        RedisServer.newRedisServer()
            .bind("127.0.0.1")
            .port(port)
            .setting("protected-mode yes")
            // Redis logs to its standard output; read it, or a full pipe would stall Redis.
            .soutListener(line -> log.debug("redis: {}", line))
            .serrListener(line -> log.warn("redis: {}", line));
    for (String setting : settings) {
      builder.setting(setting);
    }
    RedisServer server = builder.build();
    server.start();
    return new BundledRedis(server, port, dataDir, lock);
  }

  /**
   * The Redis of the chat server running on {@code dataDir}, for a second node to share (lesson
   * 13).
   *
   * @throws IOException if no chat server with a bundled Redis runs on that directory
   */
  public static String uriOf(Path dataDir) throws IOException {
    Path file = dataDir.toAbsolutePath().normalize().resolve(URI_FILE);
    if (!Files.exists(file)) {
      throw new IOException(
          "no chat server with a bundled Redis is running on "
              + dataDir.toAbsolutePath().normalize()
              + " (start it first, without --join)");
    }
    return Files.readString(file).strip();
  }

  /** Where to connect, e.g. {@code redis://127.0.0.1:41234}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The port Redis listens on. */
  public int port() {
    return port;
  }

  /** The directory holding the data, or empty for an in-memory Redis. */
  public Optional<Path> dataDir() {
    return lock == null ? Optional.empty() : Optional.of(dataDir);
  }

  /**
   * Stops Redis but keeps the data directory's lock: what an outage of the Redis service looks like
   * to the chat server. {@link #startAgain} ends the outage.
   */
  public void stopForOutage() throws IOException {
    server.stop();
  }

  /** Starts Redis again after {@link #stopForOutage}, on the same port and data directory. */
  public void startAgain() throws IOException {
    server.start();
  }

  /** Stops Redis politely (it writes its data first), waits for it, then frees the directory. */
  @Override
  public void close() throws IOException {
    try {
      if (lock != null) {
        Files.deleteIfExists(dataDir.resolve(URI_FILE));
      }
      stopRedis();
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /**
   * Asks Redis to stop (it saves first) and waits a while. A Redis that cannot save, say on a full
   * disk, refuses to exit; it is then killed, so that stopping the server never hangs.
   */
  private void stopRedis() throws IOException {
    Path pidFile = dataDir.resolve(PID_FILE);
    if (Files.exists(pidFile)) {
      readPid(pidFile)
          .flatMap(ProcessHandle::of)
          .ifPresent(redis -> stopAndWait(redis, stopTimeout));
    }
    server.stop(); // the process has ended by now; this only updates embedded-redis's records
  }

  /**
   * A server killed without warning (say, {@code kill -9}) leaves its Redis running, holding the
   * data directory. Ask that one to save and stop before starting ours on the same files.
   */
  private static void stopLeftover(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    Optional<ProcessHandle> leftover =
        readPid(pidFile)
            .flatMap(ProcessHandle::of)
            .filter(p -> p.info().command().orElse("").contains("redis-server"));
    Files.deleteIfExists(pidFile);
    leftover.ifPresent(
        redis -> {
          log.warn(
              "stopping a Redis (pid {}) left running by a server that was killed", redis.pid());
          stopAndWait(redis, STOP_TIMEOUT);
        });
  }

  private static Optional<Long> readPid(Path pidFile) throws IOException {
    try {
      return Optional.of(Long.parseLong(Files.readString(pidFile).strip()));
    } catch (NumberFormatException notAPid) {
      log.warn("ignoring unreadable {}", pidFile);
      return Optional.empty();
    }
  }

  private static void stopAndWait(ProcessHandle redis, Duration timeout) {
    redis.destroy(); // SIGTERM: Redis saves, then exits
    try {
      redis.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return;
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Redis (pid {}) did not stop within {} ms; killing it", redis.pid(), timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    redis.destroyForcibly();
  }

  private static String quoted(Path path) {
    return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }
}
