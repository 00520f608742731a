package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.embedded.core.ExecutableProvider;

/** The bundled Redis: real, persistent in its data directory, and careful with leftovers. */
class BundledRedisTest {
  @TempDir Path dataDir;

  @Test
  void whatIsWrittenSurvivesARestartOnTheSameDataDirectory() throws IOException {
    try (BundledRedis redis = BundledRedis.start(dataDir);
        UnifiedJedis client = RedisPool.open(redis.uri())) {
      client.hset("users", "1", "{\"userId\":1}");
    }
    assertTrue(Files.exists(dataDir.resolve("appendonly.aof")), "data is kept on disk");
    try (BundledRedis redis = BundledRedis.start(dataDir);
        UnifiedJedis client = RedisPool.open(redis.uri())) {
      assertEquals("{\"userId\":1}", client.hget("users", "1"));
    }
  }

  @Test
  void aRedisLeftRunningByAKilledServerIsStoppedFirstAndItsDataKept() throws Exception {
    Process orphan = startRedisAsAKilledServerWouldLeaveIt();
    try {
      try (BundledRedis fresh = BundledRedis.start(dataDir);
          UnifiedJedis client = RedisPool.open(fresh.uri())) {
        assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the leftover Redis was stopped");
        assertEquals("yes", client.get("written-before"), "and what it held is kept");
      }
    } finally {
      orphan.destroyForcibly();
    }
  }

  @Test
  void aSecondServerOnTheSameDataDirectoryIsRefusedWhileTheFirstRuns() throws IOException {
    try (BundledRedis first = BundledRedis.start(dataDir);
        UnifiedJedis client = RedisPool.open(first.uri())) {
      IOException refused = assertThrows(IOException.class, () -> BundledRedis.start(dataDir));
      assertTrue(refused.getMessage().contains("in use by another running chat server"));
      assertEquals("PONG", client.ping(), "and the first one's Redis is left alone");
    }
  }

  /** A redis-server with a pid file in the data directory and data in it, but no owner. */
  private Process startRedisAsAKilledServerWouldLeaveIt() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    File binary = ExecutableProvider.newJarResourceProvider().get();
    Process redis =
        new ProcessBuilder(
                binary.getAbsolutePath(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                dataDir.toString(),
                "--pidfile",
                dataDir.resolve("redis.pid").toString(),
                "--appendonly",
                "yes")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (UnifiedJedis client = RedisPool.open("redis://127.0.0.1:" + port)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) { // bounded: ready within seconds, or the test fails
        try {
          client.set("written-before", "yes");
          break;
        } catch (JedisException notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
          Thread.onSpinWait();
        }
      }
    }
    return redis;
  }

  @Test
  void aRedisThatCannotSaveIsKilledSoStoppingNeverHangs() throws IOException {
    BundledRedis redis = BundledRedis.start(dataDir).stopTimeout(Duration.ofSeconds(1));
    long pid = Long.parseLong(Files.readString(dataDir.resolve("redis.pid")).strip());
    try (UnifiedJedis client = RedisPool.open(redis.uri())) {
      client.configSet("dir", "/proc"); // nowhere it can write: its final save must fail
      client.set("k", "v");
    }
    redis.close();
    assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "Redis is gone");
  }

  @Test
  void anInMemoryRedisListensOnLoopback() throws IOException {
    try (BundledRedis redis = BundledRedis.startInMemory();
        UnifiedJedis client = RedisPool.open(redis.uri())) {
      assertTrue(redis.uri().startsWith("redis://127.0.0.1:"));
      assertEquals("PONG", client.ping());
      assertTrue(redis.dataDir().isEmpty());
    }
  }
}
