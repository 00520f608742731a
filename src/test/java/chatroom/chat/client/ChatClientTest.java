package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console client, driven by scripted keyboard input against a real server. */
class ChatClientTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int type(String keystrokes, String... args) {
    return ChatClient.run(
        args.length > 0 ? args : new String[] {"--port", String.valueOf(chat.port())},
        new ByteArrayInputStream(keystrokes.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        null);
  }

  private String screen() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void registerThenLogInThenLeaveFromTheSecondMenu() {
    int status = type("2\n100\nAlice\nsecret\n1\n100\nsecret\n4\n");
    assertEquals(0, status);
    String screen = screen();
    assertTrue(screen.contains("Registered user 100. You can log in now."), screen);
    assertTrue(screen.contains("Logged in as user 100. Online now: [100]"), screen);
    assertTrue(screen.contains(LoggedInMenu.MENU), screen);
    assertTrue(screen.endsWith("Bye.\n"), screen);
  }

  @Test
  void failuresShowTheirCodeAndReason() throws IOException {
    chat.register(100, "secret", "Alice");
    type("1\n100\nwrong\n1\n7\nx\n2\n100\nMallory\npw\n2\n5\nBob\n\n3\n");
    String screen = screen();
    assertTrue(screen.contains("Login failed (403): wrong password"), screen);
    assertTrue(screen.contains("Login failed (500): user 7 is not registered"), screen);
    assertTrue(screen.contains("Registration failed (400): user id 100 is taken"), screen);
    assertTrue(
        screen.contains("Registration failed (422): userPwd must be 1 to 64 characters"), screen);
  }

  @Test
  void badMenuInputRePromptsInBothMenus() throws IOException {
    chat.register(100, "secret", "Alice");
    type("login\n0\n1\n100\nsecret\nfive\n5\n1\n4\n");
    String screen = screen();
    assertEquals(2, count(screen, "Please enter a number from 1 to 3."), screen);
    assertEquals(2, count(screen, "Please enter a number from 1 to 4."), screen);
    assertTrue(screen.contains("not built yet"), screen);
  }

  @Test
  void theEndOfInputLeavesCleanlyFromAnyPrompt() {
    assertEquals(0, type("2\n100\n"));
    assertTrue(screen().endsWith("Bye.\n"), screen());
  }

  @Test
  void aServerThatIsDownGivesOneLineAndStatusOne() throws IOException {
    int nothingThere;
    try (ServerSocket probe = new ServerSocket(0)) {
      nothingThere = probe.getLocalPort();
    }
    assertEquals(1, type("3\n", "--port", String.valueOf(nothingThere)));
    assertEquals(
        "Cannot connect to localhost:" + nothingThere + " (is the chat server running?)\n",
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void badArgumentsGiveUsageAndStatusTwo() {
    assertEquals(2, type("", "--prot", "1"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("Usage: ChatClient [--host H] [--port P]"));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
