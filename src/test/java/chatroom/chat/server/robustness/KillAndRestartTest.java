package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat server as a real process, killed without warning ({@code kill -9}) and started again on
 * the same data directory: every user and every kept message is still there.
 */
class KillAndRestartTest {
  private static final Pattern LISTENING = Pattern.compile("Chat server listening on port (\\d+)");

  @TempDir Path dataDir;

  /** A chat server in a JVM of its own, and what it prints. */
  private final class ServerProcess implements AutoCloseable {
    final Process process;
    final List<String> output = new ArrayList<>(); // everything it printed, guarded by itself
    final int port;

    ServerProcess() throws Exception {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String classpath =
          System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      process =
          new ProcessBuilder(
                  java,
                  "-cp",
                  classpath,
                  "chatroom.chat.server.ChatServer",
                  "--port",
                  "0",
                  "--data-dir",
                  dataDir.toString(),
                  "--hash-iterations",
                  String.valueOf(ChatServerFixture.TEST_HASH_ITERATIONS))
              .redirectErrorStream(true)
              .start();
      Thread reader = new Thread(this::collectOutput, "server-output");
      reader.setDaemon(true);
      reader.start();
      port = Integer.parseInt(awaitLine(LISTENING).group(1));
    }

    private void collectOutput() {
      try (BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = lines.readLine()) != null) {
          synchronized (output) {
            output.add(line);
            output.notifyAll();
          }
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }

    /** Waits (bounded) for a line the server printed, at any time since it started. */
    Matcher awaitLine(Pattern pattern) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      synchronized (output) {
        for (int seen = 0; ; ) {
          for (; seen < output.size(); seen++) {
            Matcher match = pattern.matcher(output.get(seen));
            if (match.find()) {
              return match;
            }
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("the server never printed " + pattern + ": " + output);
          }
          output.wait(Math.max(1, left / 1_000_000));
        }
      }
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no goodbye to its Redis
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
    }

    @Override
    public void close() {
      process.destroy(); // SIGTERM: as Ctrl-C, the server stops its Redis on the way out
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int ask(RawClient client, String type, String payload, String answer)
      throws IOException {
    client.send(type, payload);
    return client.receivePayload(answer).get("code").asInt();
  }

  @Test
  void usersAndKeptMessagesSurviveAKillAndARestart() throws Exception {
    try (ServerProcess first = new ServerProcess()) {
      try (RawClient alice = new RawClient(first.port, ChatServerFixture.WAIT)) {
        assertEquals(
            200,
            ask(alice, "RegisterMes", ChatWire.register(100, "pw-a", "Alice"), "RegisterResMes"));
        assertEquals(
            200,
            ask(alice, "RegisterMes", ChatWire.register(200, "pw-b", "Bob"), "RegisterResMes"));
        assertEquals(200, ask(alice, "LoginMes", ChatWire.login(100, "pw-a"), "LoginResMes"));
        for (String text : List.of("first", "second")) {
          assertEquals(202, ask(alice, "PrivateSmsMes", ChatWire.direct(200, text), "SmsResMes"));
        }
      }
      first.kill();
    }
    long orphan = Long.parseLong(Files.readString(dataDir.resolve("redis.pid")).strip());
    assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "left running");

    try (ServerProcess second = new ServerProcess()) {
      second.awaitLine(Pattern.compile("left running by a server that was killed"));
      try (RawClient bob = new RawClient(second.port, ChatServerFixture.WAIT)) {
        bob.send("LoginMes", ChatWire.login(200, "pw-b"));
        bob.send("OnlineUsersMes", "{}");
        assertEquals(200, bob.receivePayload("LoginResMes").get("code").asInt());
        assertEquals("first", bob.receivePayload("PrivateSmsMes").get("content").asText());
        assertEquals("second", bob.receivePayload("PrivateSmsMes").get("content").asText());
        bob.receivePayload("OnlineUsersResMes");
      }
      try (RawClient alice = new RawClient(second.port, ChatServerFixture.WAIT)) {
        assertEquals(200, ask(alice, "LoginMes", ChatWire.login(100, "pw-a"), "LoginResMes"));
      }
    }
    assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(dataDir.resolve("redis.pid")), "and the new Redis stopped cleanly");
  }
}
