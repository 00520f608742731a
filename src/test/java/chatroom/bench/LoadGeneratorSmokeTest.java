package chatroom.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seconds-long run of each mode against a real server, so that the load generator keeps working.
 * Nothing here is timed: the figures that depend on speed are only checked to be there.
 */
class LoadGeneratorSmokeTest {
  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withWeb();

  @Test
  void connectLogsEveryClientInAndReportsItsFigures() throws Exception {
    Map<String, String> figures = run("connect", "--clients", "30", "--in-flight", "5");

    assertEquals("30", figures.get("clients connected"));
    assertEquals("none", figures.get("errors"));
    assertTrue(figures.containsKey("logins/s"), figures.toString());
    assertTrue(figures.containsKey("login latency p99"), figures.toString());
    // Client n logs in while n - 1 are online, and each of them is told: 29 + 28 + ... + 1. Logins
    // in flight together may add a notice about someone a client already had in its login answer,
    // but never more than one per pair of clients in each direction.
    assertEquals("435", figures.get("notices at least"));
    long notices = number(figures.get("status notices"));
    assertTrue(notices >= 435 && notices <= 30 * 29, figures.toString());
  }

  @Test
  void groupDeliversEveryMessageToEveryOtherClient() throws Exception {
    Map<String, String> figures =
        run("group", "--clients", "12", "--senders", "3", "--seconds", "2", "--warmup", "0");

    long sent = number(figures.get("messages sent"));
    assertTrue(sent > 0, figures.toString());
    assertEquals(sent * 11, number(figures.get("deliveries")));
    assertEquals("0", figures.get("lost deliveries"));
    assertEquals("none", figures.get("errors"));
    assertTrue(figures.get("latency p50").endsWith(" ms"), figures.toString());
  }

  @Test
  void privateAtARateDeliversEveryMessageOnce() throws Exception {
    Map<String, String> figures =
        run(
            "private",
            "--clients",
            "10",
            "--rate",
            "20",
            "--seconds",
            "2",
            "--warmup",
            "0",
            "--server-pid",
            String.valueOf(ProcessHandle.current().pid()));

    long sent = number(figures.get("messages sent"));
    assertTrue(sent > 0, figures.toString());
    assertEquals(sent, number(figures.get("deliveries")));
    assertEquals("0", figures.get("lost deliveries"));
    assertEquals("none", figures.get("errors"));
    assertTrue(figures.get("server RSS").endsWith(" MiB"), figures.toString());
    assertTrue(figures.get("server CPU").endsWith(" cores"), figures.toString());
  }

  @Test
  void privateFlatOutLosesNothing() throws Exception {
    Map<String, String> figures =
        run("private", "--clients", "6", "--seconds", "1", "--warmup", "0");

    assertTrue(number(figures.get("messages sent")) > 0, figures.toString());
    assertEquals(figures.get("messages sent"), figures.get("deliveries"));
    assertEquals("none", figures.get("errors"));
  }

  @Test
  void groupWithNoWindowLosesNothingAndCutsNobody() throws Exception {
    Map<String, String> figures =
        run(
            "group",
            "--clients",
            "12",
            "--senders",
            "3",
            "--window",
            "0",
            "--seconds",
            "2",
            "--warmup",
            "0");

    long sent = number(figures.get("messages sent"));
    assertTrue(sent > 0, figures.toString());
    assertEquals(sent * 11, number(figures.get("deliveries")));
    assertEquals("0", figures.get("lost deliveries"));
    assertEquals("none", figures.get("errors")); // a receiver cut would count as "disconnected"
  }

  @Nested
  class OverWebSocket {
    @Test
    void connectLogsEveryClientIn() throws Exception {
      Map<String, String> figures = runWeb("connect", "--clients", "20", "--in-flight", "5");

      assertEquals("20", figures.get("clients connected"));
      assertEquals("190", figures.get("notices at least"));
      assertEquals("none", figures.get("errors"));
    }

    @Test
    void groupDeliversEveryMessageToEveryOtherClient() throws Exception {
      Map<String, String> figures =
          runWeb("group", "--clients", "12", "--senders", "3", "--seconds", "2", "--warmup", "0");

      long sent = number(figures.get("messages sent"));
      assertTrue(sent > 0, figures.toString());
      assertEquals(sent * 11, number(figures.get("deliveries")));
      assertEquals("0", figures.get("lost deliveries"));
      assertEquals("none", figures.get("errors"));
    }

    @Test
    void privateFlatOutLosesNothing() throws Exception {
      Map<String, String> figures =
          runWeb("private", "--clients", "6", "--seconds", "1", "--warmup", "0");

      assertTrue(number(figures.get("messages sent")) > 0, figures.toString());
      assertEquals(figures.get("messages sent"), figures.get("deliveries"));
      assertEquals("none", figures.get("errors"));
    }

    private Map<String, String> runWeb(String mode, String... options) throws Exception {
      List<String> args =
          new ArrayList<>(
              List.of(mode, "--transport", "websocket", "--port", String.valueOf(chat.webPort())));
      args.addAll(List.of(options));
      return figures(args);
    }
  }

  /** Runs the generator against the test server in this JVM and returns its final figures. */
  private Map<String, String> run(String mode, String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of(mode, "--port", String.valueOf(chat.port())));
    args.addAll(List.of(options));
    return figures(args);
  }

  /** Runs the generator in this JVM and returns its final figures by name. */
  static Map<String, String> figures(List<String> args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      new LoadGenerator(BenchOptions.parse(args.toArray(String[]::new)), print).run();
    }
    Map<String, String> figures = new HashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0 && !line.startsWith("[")) {
        figures.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return figures;
  }

  static long number(String figure) {
    return Long.parseLong(figure.replace(",", ""));
  }
}
