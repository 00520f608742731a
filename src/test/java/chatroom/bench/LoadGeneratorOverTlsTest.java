package chatroom.bench;

import static chatroom.bench.LoadGeneratorSmokeTest.figures;
import static chatroom.bench.LoadGeneratorSmokeTest.number;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.TlsChatServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator with {@code --tls} (issue 15): its clients speak the same protocol inside TLS,
 * over TCP and over wss, trusting the server's certificate through {@code --trust}; a certificate
 * the file does not vouch for stops the run before any figure. Nothing here is timed.
 */
class LoadGeneratorOverTlsTest {
  /** One data directory for the class: the certificate is made once, as in production. */
  @TempDir static Path data;

  @TempDir Path directory;

  @Test
  void everyModeRunsOverTls() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      String trust = server.certificatePem(directory).toString();

      Map<String, String> connect =
          run(server.port(), trust, "connect", "--clients", "20", "--in-flight", "5");
      assertEquals("20", connect.get("clients connected"));
      assertEquals("190", connect.get("notices at least"));
      assertEquals("none", connect.get("errors"));

      Map<String, String> group =
          run(
              server.port(),
              trust,
              "group",
              "--clients",
              "12",
              "--senders",
              "3",
              "--seconds",
              "2",
              "--warmup",
              "0");
      long sent = number(group.get("messages sent"));
      assertTrue(sent > 0, group.toString());
      assertEquals(sent * 11, number(group.get("deliveries")));
      assertEquals("none", group.get("errors"));

      Map<String, String> privately =
          run(server.port(), trust, "private", "--clients", "6", "--seconds", "1", "--warmup", "0");
      assertTrue(number(privately.get("messages sent")) > 0, privately.toString());
      assertEquals(privately.get("messages sent"), privately.get("deliveries"));
      assertEquals("none", privately.get("errors"));
    }
  }

  @Test
  void groupRunsOverWss() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      int webPort = server.startWeb();
      String trust = server.certificatePem(directory).toString();

      Map<String, String> group =
          run(
              webPort,
              trust,
              "group",
              "--transport",
              "websocket",
              "--clients",
              "8",
              "--senders",
              "2",
              "--seconds",
              "2",
              "--warmup",
              "0");
      long sent = number(group.get("messages sent"));
      assertTrue(sent > 0, group.toString());
      assertEquals(sent * 7, number(group.get("deliveries")));
      assertEquals("none", group.get("errors"));
    }
  }

  @Test
  void aCertificateTheFileDoesNotVouchForStopsTheRun() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data);
        TlsChatServer other = TlsChatServer.inDataDir(directory.resolve("other"))) {
      String wrong =
          other.certificatePem(Files.createDirectories(directory.resolve("o"))).toString();

      ExecutionException refused =
          assertThrows(
              ExecutionException.class,
              () -> run(server.port(), wrong, "connect", "--clients", "2", "--in-flight", "1"));
      String why = refused.getCause().getMessage();
      assertTrue(why.startsWith("TLS to localhost:" + server.port() + ": "), why);
    }
  }

  private static Map<String, String> run(int port, String trust, String mode, String... options)
      throws Exception {
    List<String> args =
        new ArrayList<>(List.of(mode, "--port", String.valueOf(port), "--tls", "--trust", trust));
    args.addAll(List.of(options));
    return figures(args);
  }
}
