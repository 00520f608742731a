package chatroom.chat.client.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.ScriptedServer;
import chatroom.chat.common.ChatText;
import chatroom.chat.common.Feature;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.SmsResMes;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestThreads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
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
      assertTrue(session.register(100, "pw", "Alice").registered());
      ChatSession.Registration taken = session.register(100, "pw", "Al");
      assertEquals(400, taken.code());
      assertEquals("user id 100 is taken", taken.error());
      assertTrue(taken.idTaken());
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
      assertEquals(
          new ChatSession.OnlineNow(200, "", List.of(100, 200), true), bob.requestOnlineUsers());

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
      ChatSession.Registration invalid = session.register(0, "pw", "Zero");
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
              },
              TestThreads.NEW_THREAD);
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
    assertTrue(session.register(7, "pw", "Gus").registered());
    session.close();
    assertTrue(session.awaitClosed(ChatServerFixture.WAIT));
    assertTrue(heard.events.isEmpty(), "heard: " + heard.events);
  }

  /** A session and the scripted server it talks to, for the tests below. */
  private static final class Scripted implements AutoCloseable {
    final ScriptedServer server = new ScriptedServer();
    final Heard heard = new Heard();
    final ChatSession session = ChatSession.connect("localhost", server.port(), heard);
    final ScriptedServer.Peer peer = server.accept();

    Scripted() throws IOException {}

    /** Logs in as user 100, the server answering with {@code answer}. */
    LoginResMes logIn(String name, String answer) throws Exception {
      CompletableFuture<LoginResMes> login =
          CompletableFuture.supplyAsync(
              () -> quietly(() -> session.login(100, "pw", name)), TestThreads.NEW_THREAD);
      peer.receive("LoginMes");
      peer.send("LoginResMes", answer);
      return login.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      session.close();
      peer.close();
      server.close();
    }
  }

  /** A call that may throw, as a value for {@code supplyAsync}. */
  interface Call<T> {
    T call() throws IOException;
  }

  static <T> T quietly(Call<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Go tutorial's server: it knows four messages and reads frames of 8 096 bytes at most. */
  @Nested
  class WithAGoTutorialServer {
    private static final String LOGGED_IN = "{\"code\":200,\"UsersId\":[100],\"error\":\"\"}";

    @Test
    void theLoginNamesEveryFeatureAndLearnsThatATutorialServerOffersNone() throws Exception {
      try (Scripted go = new Scripted()) {
        CompletableFuture<LoginResMes> login =
            CompletableFuture.supplyAsync(
                () -> quietly(() -> go.session.login(100, "pw", "")), TestThreads.NEW_THREAD);
        JsonNode sent = go.peer.receive("LoginMes");
        List<String> features = new ArrayList<>();
        sent.get("features").forEach(name -> features.add(name.asText()));
        assertEquals(Feature.names(Feature.all()), features);
        go.peer.send("LoginResMes", LOGGED_IN);
        assertEquals(200, login.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS).code());
        assertTrue(go.session.tutorialServer());
        for (Feature feature : Feature.all()) {
          assertFalse(go.session.offers(feature), feature.wireName());
        }
      }
    }

    @Test
    void aGroupMessageCarriesTheSendersIdAndNameForAServerThatPassesItOnAsItIs() throws Exception {
      try (Scripted go = new Scripted()) {
        go.logIn("Alice", LOGGED_IN);
        go.session.sendToAll("hi from Java");
        JsonNode sms = go.peer.receive("SmsMes");
        assertEquals("hi from Java", sms.get("content").asText());
        assertEquals(100, sms.get("userId").asInt());
        assertEquals("Alice", sms.get("userName").asText());
      }
    }

    @Test
    void register505And506FromATutorialServerMeanTakenAndFailed() throws Exception {
      try (Scripted go = new Scripted()) {
        for (String answer :
            List.of(
                "{\"code\":505,\"error\":\"User exit...\"}",
                "{\"code\":506,\"error\":\"something\"}")) {
          CompletableFuture<ChatSession.Registration> registering =
              CompletableFuture.supplyAsync(
                  () -> quietly(() -> go.session.register(100, "pw", "Alice")),
                  TestThreads.NEW_THREAD);
          go.peer.receive("RegisterMes");
          go.peer.send("RegisterResMes", answer);
          ChatSession.Registration result =
              registering.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
          assertTrue(result.fromTutorialServer());
          assertEquals(result.code() == 505, result.idTaken(), answer);
          assertFalse(result.registered());
        }
      }
    }

    @Test
    void aFrameOverTheTutorialBufferIsRefusedBeforeItIsSent() throws Exception {
      try (Scripted go = new Scripted()) {
        go.logIn("x".repeat(3000), LOGGED_IN); // a tutorial server takes any name
        String content = "你".repeat(2000); // within the chat text rule: 6 000 bytes
        assertTrue(ChatText.problem(content).isEmpty());

        Optional<String> problem = go.session.problemWith(content);
        assertTrue(problem.orElse("").startsWith("the message is too long for this server"));
        assertThrows(IllegalArgumentException.class, () -> go.session.sendToAll(content));
        go.session.sendToAll("short");

        JsonNode next = go.peer.receive();
        assertEquals("short", next.get("data").get("content").asText(), "nothing sent before");
      }
    }

    @Test
    void requestsTheServerDoesNotOfferAreNeverSent() throws Exception {
      try (Scripted go = new Scripted()) {
        go.logIn("", LOGGED_IN);
        assertThrows(UnsupportedOperationException.class, () -> go.session.sendTo(200, "hi"));
        assertThrows(UnsupportedOperationException.class, go.session::requestOnlineUsers);
        assertThrows(UnsupportedOperationException.class, () -> go.session.findUser(200));
        go.session.logout(); // no LogoutMes: the connection simply closes
        assertNull(go.peer.receive(), "the client hung up without another frame");
      }
    }
  }

  /** A server that answers what no honest server would (issue 10, row 12). */
  @Nested
  class WithAHostileServer {
    @Test
    void anOnlineListThatNeverEndsIsCutAfterTheMostPages() throws Exception {
      try (Scripted hostile = new Scripted()) {
        hostile.logIn("", "{\"code\":200,\"UsersId\":[100],\"features\":[\"online-list\"]}");
        CompletableFuture<ChatSession.OnlineNow> asking =
            CompletableFuture.supplyAsync(
                () -> quietly(hostile.session::requestOnlineUsers), TestThreads.NEW_THREAD);
        int requests = 0;
        JsonNode request;
        while (!asking.isDone() && (request = hostile.peer.receive()) != null) {
          int after = request.get("data").path("after").asInt();
          hostile.peer.send(
              "OnlineUsersResMes",
              "{\"UsersId\":[" + (after + 1) + "," + (after + 2) + "],\"more\":true}");
          requests++;
          if (requests == ChatSession.MAX_ONLINE_PAGES) {
            break;
          }
        }
        ChatSession.OnlineNow now =
            asking.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertFalse(now.whole());
        assertEquals(2 * ChatSession.MAX_ONLINE_PAGES, now.ids().size());
        assertEquals(ChatSession.MAX_ONLINE_PAGES, requests);
      }
    }

    @Test
    void answersAndNoticesWithoutTheirTextsCarryEmptyTexts() throws Exception {
      try (Scripted hostile = new Scripted()) {
        LoginResMes refused = hostile.logIn("", "{\"code\":403}");
        assertEquals(new LoginResMes(403, List.of(), ""), refused);

        CompletableFuture<LoginResMes> again =
            CompletableFuture.supplyAsync(
                () -> quietly(() -> hostile.session.login(100, "pw")), TestThreads.NEW_THREAD);
        hostile.peer.receive("LoginMes");
        hostile.peer.send("ErrorResMes", "{\"code\":503}");
        assertEquals(
            new LoginResMes(503, List.of(), ""),
            again.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));

        hostile.peer.send("ErrorResMes", "{}");
        assertEquals("ErrorResMes ErrorResMes[code=0, error=]", hostile.heard.next());
      }
    }

    @Test
    void framesThatCannotBeReadAreSkippedAndAnUnreadableAnswerFailsAtOnce() throws Exception {
      try (Scripted hostile = new Scripted()) {
        CompletableFuture<LoginResMes> login =
            CompletableFuture.supplyAsync(
                () -> quietly(() -> hostile.session.login(100, "pw")), TestThreads.NEW_THREAD);
        hostile.peer.receive("LoginMes");
        hostile.peer.sendBody("}{ not an envelope");
        hostile.peer.send("SmsMes", "not a payload");
        hostile.peer.send("NotifyUserStatusMes", "{\"userId\":\"many\"}");
        hostile.peer.send("LoginResMes", "{\"code\":\"two hundred\"}");
        ExecutionException failed =
            assertThrows(
                ExecutionException.class,
                () -> login.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(
            "the server sent an answer this client cannot read",
            failed.getCause().getCause().getMessage());
        assertTrue(hostile.session.isOpen());
        assertTrue(hostile.heard.events.isEmpty(), "heard: " + hostile.heard.events);
      }
    }
  }
}
