package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.MessageType;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.GoTutorialServer;
import chatroom.testing.TestThreads;
import chatroom.testing.TypedConsole;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our console client with the Go tutorial's server, played by its byte-for-byte double, and a
 * tutorial client in the room (issue 11, rows 1, 2, 6 and 7).
 */
class TutorialServerTest {
  private GoTutorialServer server;
  private TypedConsole keyboard;
  private CompletableFuture<Integer> client;

  @BeforeEach
  void start() throws Exception {
    server = GoTutorialServer.start();
    keyboard = new TypedConsole();
    ChatConsole console = ChatConsole.over(keyboard.keyboard(), keyboard.screen());
    String[] args = {"--port", String.valueOf(server.port())};
    PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    client =
        CompletableFuture.supplyAsync(
            () -> ChatClient.run(args, console, err), TestThreads.NEW_THREAD);
    keyboard.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
  }

  @AfterEach
  void stop() throws Exception {
    keyboard.close();
    server.close();
  }

  private int exitStatus() throws Exception {
    return client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Row 6: the tutorial answers a taken id with 505 "User exit...". */
  @Test
  void aTakenIdReadsAsTakenWithTheServersOwnWords() throws Exception {
    server.addUser(100, "654321", "tom");
    keyboard.type("2\n100\nAlice\nsecret\n");
    keyboard.awaitShown(
        "Registration failed (505): user id 100 is taken; choose another"
            + " (the server says: User exit...).",
        ChatServerFixture.WAIT);
    server.storeDown(true);
    keyboard.type("2\n101\nAlice\nsecret\n");
    keyboard.awaitShown(
        "Registration failed (506): the server could not register you (the server says: Unknown"
            + " error occurred in registration...).",
        ChatServerFixture.WAIT);
    keyboard.type("3\n");
    assertEquals(0, exitStatus());
  }

  /**
   * Rows 1, 2 and 7: a group message carries our id and name, since the server passes it on as it
   * is; the menu says private chat is not offered instead of waiting for an answer that never
   * comes; and a tutorial client's messages, which have no name, show its id.
   */
  @Test
  void aMixedRoomChatsInTheGroupAndPrivateChatIsNotOffered() throws Exception {
    keyboard.type("2\n100\nAlice\nsecret\n");
    keyboard.awaitShown("Registered user 100. You can log in now.", ChatServerFixture.WAIT);
    try (GoTutorialClient jerry = new GoTutorialClient(server.port())) {
      assertEquals(200, jerry.register(200, "654321", "jerry").code());
      assertEquals(200, jerry.login(200, "654321").code());

      keyboard.type("1\n100\nsecret\n");
      keyboard.awaitShown(ChatClient.TUTORIAL_SERVER, ChatServerFixture.WAIT);
      keyboard.awaitShown("Online now: [100, 200]", ChatServerFixture.WAIT);

      keyboard.type("2\n2\n");
      keyboard.awaitShown(
          "This server does not offer private chat (it is a Go tutorial server): choose 1 to"
              + " write to everyone.",
          ChatServerFixture.WAIT);
      keyboard.type("1\n"); // menu 1: the list the client keeps, from the login and notices
      keyboard.awaitShown("Online now (2): [100, 200]", ChatServerFixture.WAIT);

      keyboard.type("2\n1\nhello from Java\n\n");
      GoTutorialClient.GroupMessage got = jerry.awaitGroupMessage("hello from Java");
      assertEquals(100, got.userId());
      assertEquals("Alice", got.userName());
      JsonNode sent =
          server
              .awaitReceived(frame -> frame.type().equals(MessageType.SMS_MES.wireName()))
              .payload();
      assertEquals(100, sent.get("userId").asInt());
      assertEquals(List.of(), server.ignoredTypes(), "nothing it does not know, before that");

      jerry.sendGroup("hi-from-go");
      keyboard.awaitShown("] user 200 to everyone: hi-from-go", ChatServerFixture.WAIT);
      keyboard.type("4\n");
      assertEquals(0, exitStatus());
    }
    assertFalse(keyboard.shown().contains("to everyone: hello from Java"), "not sent back to us");
    assertTrue(server.died().isEmpty());
  }

  /**
   * Row 5, our side: a frame over the tutorial's 8 096-byte buffer would kill its server. The
   * client refuses to send it; only a name far longer than ours allow (the tutorial has no rule)
   * can make a chat frame that big.
   */
  @Test
  void aFrameTooBigForItsBufferIsNeverSent() throws Exception {
    String longName = "x".repeat(3000);
    server.addUser(300, "pw", longName);
    try (ChatSession session =
        ChatSession.connect("localhost", server.port(), new ChatSessionListener())) {
      assertEquals(200, session.login(300, "pw", longName).code());
      String content = "你".repeat(2000);
      assertTrue(session.problemWith(content).isPresent());
      assertThrows(IllegalArgumentException.class, () -> session.sendToAll(content));
      session.sendToAll("small");
      server.awaitReceived(frame -> frame.type().equals(MessageType.SMS_MES.wireName()));
    }
    assertTrue(server.died().isEmpty(), "the server lives");
    keyboard.type("3\n");
    assertEquals(0, exitStatus());
  }

  /** A listener that hears nothing worth keeping. */
  private static final class ChatSessionListener implements ChatSession.Listener {
    @Override
    public void onPush(MessageType type, Object payload) {}

    @Override
    public void onClosed(String reason) {}
  }
}
