package chatroom.chat.client.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.Feature;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.SmsResMes;
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
      assertEquals(
          new LoginResMes(200, List.of(100), "", 1, 500, Feature.names(Feature.all())),
          session.login(100, "pw"));
    }
  }

  @Test
  void twoSessionsChatAndKeepTheirOnlineListsAndInboxesCurrent() throws Exception {
    chat.register(100, "pw", "Alice");
    chat.register(200, "pw", "Bob");
    Heard aliceHears = new Heard();
    Heard bobHears = new Heard();
    try (ChatSession alice = ChatSession.connect("localhost", chat.port(), aliceHears);
        ChatSession bob = ChatSession.connect("localhost", chat.port(), bobHears)) {
      alice.login(100, "pw");
      assertEquals(List.of(100), alice.online().ids());
      bob.login(200, "pw");
      assertEquals(
          "NotifyUserStatusMes NotifyUserStatusMes[userId=200, status=0]", aliceHears.next());
      assertEquals(List.of(100, 200), alice.online().ids(), "kept current from the notice");
      assertEquals(List.of(100, 200), bob.requestOnlineUsers());

      bob.sendToAll("hi everyone");
      assertTrue(aliceHears.next().startsWith("SmsMes SmsMes[content=hi everyone, userId=200"));
      assertEquals(new SmsResMes(200, "", 200), alice.sendTo(200, "hi Bob"));
      assertTrue(
          bobHears.next().startsWith("PrivateSmsMes PrivateSmsMes[toUserId=200, content=hi Bob"));
      assertEquals(404, alice.sendTo(999, "nobody").code());

      List<Inbox.Received> aliceGot = alice.inbox().messages();
      assertEquals(1, aliceGot.size());
      assertEquals(Inbox.Kind.GROUP, aliceGot.get(0).kind());
      assertEquals("Bob", aliceGot.get(0).fromName());
      assertEquals(Inbox.Kind.PRIVATE, bob.inbox().messages().get(0).kind());

      bob.logout();
      assertTrue(bob.awaitClosed(ChatServerFixture.WAIT), "the server closes after a logout");
      assertEquals(
          "NotifyUserStatusMes NotifyUserStatusMes[userId=200, status=1]", aliceHears.next());
      assertEquals(List.of(100), alice.online().ids());
      assertTrue(bobHears.events.isEmpty(), "a logout is not news to the one who asked for it");
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
