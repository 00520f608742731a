package chatroom.testing;

import chatroom.chat.server.ChatServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chat server in a JVM of its own, started with {@code java ChatServer} as a learner would, and
 * what it prints: for tests that kill a server, limit its memory, or run several at once.
 */
public final class ServerProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Chat server listening on .*port (\\d+)");

  private final Process process;
  private final List<String> output = new ArrayList<>(); // everything it printed, guarded by itself
  private final int port;

  /**
   * Starts a server with {@code jvmOptions} (e.g. {@code -Xmx256m}) and {@code serverOptions}
   * (after {@code --port 0} and the tests' hash rounds), and waits until it listens.
   */
  public ServerProcess(List<String> jvmOptions, String... serverOptions) throws Exception {
    this(Map.of(), jvmOptions, serverOptions);
  }

  /** As {@link #ServerProcess(List, String...)}, with {@code environment} added to its own. */
  public ServerProcess(
      Map<String, String> environment, List<String> jvmOptions, String... serverOptions)
      throws Exception {
    List<String> command = javaCommand(jvmOptions, ChatServer.class.getName());
    command.addAll(List.of("--port", "0"));
    command.addAll(List.of("--web-port", "0")); // never the default port another program may hold
    command.addAll(
        List.of("--hash-iterations", String.valueOf(ChatServerFixture.TEST_HASH_ITERATIONS)));
    command.addAll(List.of(serverOptions));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    process = builder.start();
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

  /**
   * The command that runs {@code mainClass} in a JVM of its own, with {@code jvmOptions} and this
   * test run's classpath; its program arguments go at the end.
   */
  public static List<String> javaCommand(List<String> jvmOptions, String mainClass) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass));
    return command;
  }

  /** How a program run to its end ended: its exit status and everything it printed. */
  public record Ended(int status, String output) {}

  /** Runs {@code builder}'s program to its end, at most {@link ChatServerFixture#WAIT}. */
  public static Ended runToEnd(ProcessBuilder builder) throws Exception {
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after it closed its output:\n" + output);
    }
    return new Ended(process.exitValue(), output);
  }

  /** "running", or how the process ended: for the message of a failed test. */
  public String status() {
    return process.isAlive() ? "running" : "exited with status " + process.exitValue();
  }

  /** The port it listens on. */
  public int port() {
    return port;
  }

  /** Everything it has printed so far. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  /** Waits (bounded) for a line the server printed, at any time since it started. */
  public Matcher awaitLine(Pattern pattern) throws InterruptedException {
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

  /** Kills it with SIGKILL: no shutdown hooks, no goodbye to anyone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the server did not die");
    }
  }

  /** Stops it with SIGTERM, as Ctrl-C would: it stops its own Redis on the way out. */
  @Override
  public void close() {
    process.destroy();
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
