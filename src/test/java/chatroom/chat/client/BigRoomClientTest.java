package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console client in a room bigger than the server's presence limit (two, here). */
class BigRoomClientTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture("--presence-limit", "2");

  @Test
  void theClientSaysHowManyAreOnlineAndAsksTheServerForTheList() throws IOException {
    chat.loggedIn(200, "Bob");
    chat.loggedIn(300, "Carol");
    chat.register(100, "secret", "Alice");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChatConsole console =
        ChatConsole.over(
            new ByteArrayInputStream("1\n100\nsecret\n1\n4\n".getBytes(StandardCharsets.UTF_8)),
            out);

    int status =
        ChatClient.run(
            new String[] {"--port", String.valueOf(chat.port())},
            console,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    assertEquals(0, status);
    String screen = out.toString(StandardCharsets.UTF_8);
    assertTrue(screen.contains("Logged in as user 100. Online now: 3 users"), screen);
    assertTrue(screen.contains("Online now (3): [100, 200, 300]"), screen);
  }

  @Test
  void aLongListIsCutWithACount() {
    List<Integer> many = IntStream.rangeClosed(1, 1234).boxed().toList();
    String shown = Display.ids(many);

    assertTrue(shown.startsWith("[1, 2, 3, "), shown);
    assertTrue(shown.endsWith(", 100] and 1,134 more"), shown);
    assertEquals("[1, 2, 3]", Display.ids(List.of(1, 2, 3)));
  }
}
