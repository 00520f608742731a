package chatroom.chat.client.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterResMes;
import chatroom.testing.ChatServerFixture;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client API against a real server. */
class ChatSessionTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  /** Records what the session hears on its own. */
  static final class Heard implements ChatSession.Listener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onPush(MessageType type, Object payload) {
      events.add(type.wireName() + " " + payload);
    }

    @Override
    public void onClosed(String reason) {
      events.add("closed: " + reason);
    }

    String next() throws InterruptedException {
      String event = events.poll(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertNotNull(event, "nothing heard in time");
      return event;
    }
  }

  @Test
  void registersThenLogsIn() throws IOException {
    try (ChatSession session = ChatSession.connect("localhost", chat.port(), new Heard())) {
      assertEquals(new RegisterResMes(200, ""), session.register(100, "pw", "Alice"));
      assertEquals(
          new RegisterResMes(400, "user id 100 is taken"), session.register(100, "pw", "Al"));
      assertEquals(new LoginResMes(403, List.of(), "wrong password"), session.login(100, "nope"));
      assertEquals(new LoginResMes(200, List.of(100), ""), session.login(100, "pw"));
    }
  }

  @Test
  void anErrorAnswerBecomesTheCodeOfTheExpectedReply() throws IOException {
    try (ChatSession session = ChatSession.connect("localhost", chat.port(), new Heard())) {
      RegisterResMes invalid = session.register(0, "pw", "Zero");
      assertEquals(422, invalid.code());
    }
  }

  @Test
  void aServerThatHangsUpEndsAWaitingRequestAndTellsTheListener() throws Exception {
    try (ServerSocket rude = new ServerSocket(0)) {
      CompletableFuture<Void> hangUp =
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = rude.accept()) {
                  s.getInputStream().read(); // the request's first byte, then hang up
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      Heard heard = new Heard();
      try (ChatSession session = ChatSession.connect("localhost", rude.getLocalPort(), heard)) {
        IOException failed = assertThrows(IOException.class, () -> session.login(1, "pw"));
        assertEquals("the server closed the connection", failed.getMessage());
        assertTrue(heard.next().startsWith("closed: "));
      }
      hangUp.get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingOnPurposeIsNotReportedAsNews() throws Exception {
    Heard heard = new Heard();
    ChatSession session = ChatSession.connect("localhost", chat.port(), heard);
    assertEquals(new RegisterResMes(200, ""), session.register(7, "pw", "Gus"));
    session.close();
    assertTrue(session.awaitClosed(ChatServerFixture.WAIT));
    assertTrue(heard.events.isEmpty(), "heard: " + heard.events);
  }
}
