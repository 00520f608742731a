package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ServerProcess;
import chatroom.testing.TestRedis;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A chat server that cannot start says why in one line and exits with status 1, as the README
 * promises of every program, whatever else was taken too.
 */
class StartUpFailureTest {
  private static String runUntilExit(String... options) throws Exception {
    List<String> command = ServerProcess.javaCommand(List.of(), ChatServer.class.getName());
    command.addAll(List.of(options));
    ServerProcess.Ended ended = ServerProcess.runToEnd(new ProcessBuilder(command));
    assertEquals(1, ended.status(), ended.output());
    return ended.output().strip();
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
