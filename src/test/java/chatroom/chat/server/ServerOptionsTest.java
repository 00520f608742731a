package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.process.Guard;
import chatroom.chat.server.process.Rate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerOptionsTest {
  @Test
  void withoutArgumentsEveryOptionHasItsDocumentedDefault() {
    ServerOptions options = ServerOptions.parse();
    assertEquals(8889, options.port());
    assertEquals(Optional.empty(), options.bind());
    assertEquals(Optional.empty(), options.redisUri());
    assertEquals(Path.of("data"), options.dataDir());
    assertEquals(65_536, options.maxFrameBytes());
    assertEquals(600_000, options.hashIterations());
    assertEquals(1_048_576, options.outboxBytes());
    assertEquals(500, options.offlineLimits().perRecipient());
    assertEquals(1_048_576, options.offlineLimits().perRecipientBytes());
    assertEquals(268_435_456, options.offlineLimits().totalBytes());
    assertEquals(Duration.ofSeconds(15), options.frameTimeout());
    assertEquals(Duration.ofSeconds(20), options.loginTimeout());
    assertEquals(64, options.maxConnectionsPerAddress());
    assertEquals(Duration.ZERO, options.idleTimeout());
    assertEquals(10_000, options.maxConnections());
    assertEquals(500, options.presenceLimit());
    assertEquals(OptionalInt.of(8880), options.webPort());
    assertEquals(List.of(), options.webOrigins());
    assertEquals(
        new Guard.Limits(new Rate(20, 30), new Rate(3, 5), Duration.ofSeconds(1), Set.of()),
        options.guardLimits());
    assertEquals(
        Math.max(1, Runtime.getRuntime().availableProcessors() - 1), options.hashThreads());
    assertEquals(32, options.hashQueue());
    assertEquals(4, options.hashQueuePerAddress());
  }

  @Test
  void theWebPageHasAPortOfItsOwnThatCanBeTurnedOff() {
    assertEquals(OptionalInt.of(9090), ServerOptions.parse("--web-port", "9090").webPort());
    assertEquals(OptionalInt.of(0), ServerOptions.parse("--web-port", "0").webPort());
    assertEquals(OptionalInt.empty(), ServerOptions.parse("--web-port", "off").webPort());
    assertEquals(
        "Invalid value for option '--web-port': 'of' is not a port: use a whole number from 0 to"
            + " 65535",
        message("--web-port", "of"));
  }

  @Test
  void tlsIsOffUnlessAskedForAndItsOptionsGoWithIt() {
    ServerOptions plain = ServerOptions.parse();
    assertFalse(plain.tls());
    assertEquals(Optional.empty(), plain.tlsKeystore());
    assertEquals(List.of(), plain.tlsNames());
    assertEquals(OptionalInt.empty(), plain.plainPort());

    ServerOptions tls =
        ServerOptions.parse("--tls", "--plain-port", "8899", "--tls-name", "Chat.LAN");
    assertTrue(tls.tls());
    assertEquals(OptionalInt.of(8899), tls.plainPort());
    assertEquals(List.of("chat.lan"), tls.tlsNames());
    assertEquals(OptionalInt.empty(), ServerOptions.parse("--tls").plainPort(), "off by default");
    assertEquals(
        Optional.of(Path.of("keys.p12")),
        ServerOptions.parse("--tls", "--tls-keystore", "keys.p12").tlsKeystore());

    assertEquals(
        "--tls-keystore, --tls-name and --plain-port go with --tls",
        message("--plain-port", "8899"));
    assertTrue(message("--tls", "--tls-name", "a,ip:1.2.3.4").contains("is not a host name"));
    assertTrue(
        message("--tls", "--tls-keystore", "k.p12", "--tls-name", "x").startsWith("--tls-name"));
  }

  @Test
  void otherOriginsAreBareWebOriginsInLowerCase() {
    assertEquals(
        List.of("https://chat.example.org", "http://10.0.0.5:8880"),
        ServerOptions.parse(
                "--web-origin", "https://Chat.Example.org", "--web-origin", "http://10.0.0.5:8880")
            .webOrigins());
    for (String wrong :
        List.of("https://chat.example.org/", "chat.example.org", "ftp://x.org", "http://a.b/c")) {
      assertTrue(message("--web-origin", wrong).contains("is not an origin like"), wrong);
    }
  }

  @Test
  void everyOptionCanBeGiven() throws Exception {
    ServerOptions options =
        ServerOptions.parse(
            "--port", "9000",
            "--bind", "127.0.0.1",
            "--redis", "redis://10.0.0.5:6380",
            "--data-dir", "/tmp/chat",
            "--max-frame", "1024",
            "--hash-iterations", "1000",
            "--outbox-bytes", "4096",
            "--offline-limit", "3",
            "--frame-timeout", "2",
            "--login-timeout", "4",
            "--idle-timeout", "0",
            "--max-connections", "7",
            "--presence-limit", "20",
            "--logins-per-minute", "0",
            "--login-burst", "9",
            "--wrong-password-delay", "0",
            "--registrations-per-minute", "60",
            "--registration-burst", "2",
            "--hash-threads", "3",
            "--hash-queue", "0",
            "--hash-queue-per-address", "1",
            "--unlimited-from", "127.0.0.1",
            "--unlimited-from", "::1");
    assertEquals(9000, options.port());
    assertEquals(Optional.of(InetAddress.getByName("127.0.0.1")), options.bind());
    assertEquals(Optional.of("redis://10.0.0.5:6380"), options.redisUri());
    assertEquals(Path.of("/tmp/chat"), options.dataDir());
    assertEquals(1024, options.maxFrameBytes());
    assertEquals(1000, options.hashIterations());
    assertEquals(4096, options.outboxBytes());
    assertEquals(3, options.offlineLimits().perRecipient());
    assertEquals(Duration.ofSeconds(2), options.frameTimeout());
    assertEquals(Duration.ofSeconds(4), options.loginTimeout());
    assertEquals(Duration.ZERO, options.idleTimeout());
    assertEquals(7, options.maxConnections());
    assertEquals(20, options.presenceLimit());
    assertEquals(
        new Guard.Limits(
            new Rate(0, 9),
            new Rate(60, 2),
            Duration.ZERO,
            Set.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"))),
        options.guardLimits());
    assertEquals(3, options.hashThreads());
    assertEquals(0, options.hashQueue());
    assertEquals(1, options.hashQueuePerAddress());
  }

  @Test
  void mistakesAreNamed() {
    assertTrue(message("--prot", "1").startsWith("Unknown options: '--prot', '1'"));
    assertEquals("Missing required parameter for option '--port' (PORT)", message("--port"));
    assertEquals(
        "Invalid value for option '--port': 'x' is not a port: use a whole number from 0 to 65535",
        message("--port", "x"));
    assertEquals(
        "Invalid value for option '--max-frame': '0' is not a whole number, 1 or more",
        message("--max-frame", "0"));
    assertEquals(
        "Invalid value for option '--idle-timeout': '-1' is not a whole number, 0 or more",
        message("--idle-timeout", "-1"));
    assertEquals(
        "Invalid value for option '--redis': 'localhost:6379' is not a redis://host:port URI",
        message("--redis", "localhost:6379"));
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    String help = new CommandLine(new ServerOptions()).getUsageMessage();
    for (String option :
        new String[] {"--port", "--bind", "--redis", "--presence-limit", "--help", "--version"}) {
      assertTrue(help.contains(option), option + " is in --help:\n" + help);
    }
    String oneLine = help.replaceAll("\\s+", " ");
    assertTrue(oneLine.contains("(default: 8889; 0 = any free port)"), help);
  }

  @Test
  void aMistypedOptionGetsASuggestionAndExitStatus2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new ServerOptions());
    cli.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
    int status = cli.execute("--hash-iteration", "1000");
    assertEquals(2, status);
    String said = err.toString(StandardCharsets.UTF_8);
    assertTrue(said.contains("Possible solutions: --hash-iterations"), said);
  }

  private static String message(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(args))
        .getMessage();
  }
}
