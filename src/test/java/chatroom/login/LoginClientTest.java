package chatroom.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.TcpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoginClientTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private TcpServer server;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = LoginServer.create();
    port = server.start(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int type(String keystrokes) {
    return LoginClient.run(
        new String[] {"localhost", String.valueOf(port)},
        new ByteArrayInputStream(keystrokes.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String screen() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void logsInWithTheRightPassword() {
    assertEquals(0, type("1\n100\n123456\n3\n"));
    assertTrue(screen().contains("Logged in as user 100. Online: [100]"), screen());
    assertTrue(screen().endsWith("Bye.\n"), screen());
  }

  @Test
  void showsTheCodeAndReasonOfAFailedLogin() {
    type("1\n100\nguess\n1\n42\n123456\n3\n");
    assertTrue(screen().contains("Login failed (403): wrong password"), screen());
    assertTrue(screen().contains("Login failed (500): user 42 is not registered"), screen());
  }

  @Test
  void nonNumericMenuInputRePrompts() {
    type("abc\n9\n1\nhundred\n100\n123456\n3\n");
    String screen = screen();
    assertEquals(2, count(screen, "Please type a number from 1 to 3."), screen);
    assertEquals(
        1,
        count(screen, "A user id is a whole number, 1 or more (an empty line goes back)."),
        screen);
    assertTrue(screen.contains("Logged in as user 100"), screen);
  }

  @Test
  void registerSaysWhenItArrives() {
    type("2\n3\n");
    assertTrue(
        screen().contains("Registration arrives with the full chat, in lesson 06."), screen());
  }

  @Test
  void theEndOfInputEndsTheClientCleanly() {
    assertEquals(0, type("1\n100\n"));
    assertTrue(screen().endsWith("Bye.\n"), screen());
  }

  @Test
  void aServerThatIsDownGivesOneLineAndStatusOne() throws IOException {
    server.close();
    int freePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      freePort = probe.getLocalPort();
    }
    port = freePort;
    assertEquals(1, type("3\n"));
    assertEquals(
        "Cannot connect to localhost:" + freePort + " (is the login server running?)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
