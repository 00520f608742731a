package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestRedis;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A chat server that cannot start says why in one line and exits with status 1, as the README
 * promises of every program, whatever else was taken too.
 */
class StartUpFailureTest {
  private static String runUntilExit(String... options) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path")),
                ChatServer.class.getName()));
    command.addAll(List.of(options));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS), output);
    assertEquals(1, process.exitValue(), output);
    return output.strip();
  }

  /**
   * Found by a newcomer: with both the chat port and the web port taken, the server first warned
   * that the chat would go on without the web page, then stopped because of the chat port.
   */
  @Test
  void aTakenChatPortIsTheOneThingSaidEvenWhenTheWebPortIsTakenToo() throws Exception {
    ServerSocket web = takeUnlessTaken(ServerOptions.DEFAULT_WEB_PORT);
    try (ServerSocket chat = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String output =
          runUntilExit("--port", String.valueOf(chat.getLocalPort()), "--redis", TestRedis.uri());
      assertTrue(output.startsWith("Cannot listen on port " + chat.getLocalPort() + ": "), output);
      assertEquals(1, output.lines().count(), output);
    } finally {
      if (web != null) {
        web.close();
      }
    }
  }

  /** Holds {@code port}; null if another program holds it already, which is as good. */
  private static ServerSocket takeUnlessTaken(int port) throws IOException {
    try {
      return new ServerSocket(port);
    } catch (BindException heldElsewhere) {
      return null;
    }
  }
}
