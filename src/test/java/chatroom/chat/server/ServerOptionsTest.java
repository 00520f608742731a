package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {
  @Test
  void withoutArgumentsEveryOptionHasItsDocumentedDefault() {
    assertEquals(
        new ServerOptions(
            8889,
            Optional.empty(),
            Path.of("data"),
            65_536,
            600_000,
            1_048_576,
            500,
            Duration.ofSeconds(15),
            Duration.ofSeconds(300),
            Duration.ZERO,
            10_000,
            500),
        ServerOptions.parse());
  }

  @Test
  void everyOptionCanBeGiven() {
    ServerOptions options =
        ServerOptions.parse(
            "--port",
            "9000",
            "--redis",
            "redis://10.0.0.5:6380",
            "--data-dir",
            "/tmp/chat",
            "--max-frame",
            "1024",
            "--hash-iterations",
            "1000",
            "--outbox-bytes",
            "4096",
            "--offline-limit",
            "3",
            "--frame-timeout",
            "2",
            "--login-timeout",
            "4",
            "--idle-timeout",
            "0",
            "--max-connections",
            "7",
            "--presence-limit",
            "20");
    assertEquals(
        new ServerOptions(
            9000,
            Optional.of("redis://10.0.0.5:6380"),
            Path.of("/tmp/chat"),
            1024,
            1000,
            4096,
            3,
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ZERO,
            7,
            20),
        options);
  }

  @Test
  void mistakesAreNamed() {
    assertEquals("unknown option --prot", message("--prot", "1"));
    assertEquals("--port needs a value", message("--port"));
    assertEquals("'x' is not a port: use a whole number from 0 to 65535", message("--port", "x"));
    assertEquals("--max-frame takes a positive whole number, not 0", message("--max-frame", "0"));
    assertEquals(
        "--idle-timeout takes a whole number, 0 or more, not -1", message("--idle-timeout", "-1"));
    assertEquals(
        "--redis takes redis://host:port, not localhost:6379",
        message("--redis", "localhost:6379"));
  }

  private static String message(String... args) {
    return assertThrows(IllegalArgumentException.class, () -> ServerOptions.parse(args))
        .getMessage();
  }
}
