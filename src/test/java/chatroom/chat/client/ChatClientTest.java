package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.server.ChatServer;
import chatroom.chat.server.model.RedisPool;
import chatroom.support.Version;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import chatroom.testing.TestThreads;
import chatroom.testing.TypedConsole;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** The console client against a real server, driven by keystrokes. */
class ChatClientTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Runs the client on a whole script typed in advance, to its end. */
  private int type(String keystrokes, String... args) {
    ChatConsole console =
        ChatConsole.over(
            new ByteArrayInputStream(keystrokes.getBytes(StandardCharsets.UTF_8)), out);
    return ChatClient.run(
        args.length > 0 ? args : new String[] {"--port", String.valueOf(chat.port())},
        console,
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /** Runs the client in the background on a keyboard the test types into step by step. */
  private CompletableFuture<Integer> runInBackground(TypedConsole keyboard) {
    return runInBackground(keyboard, chat.port());
  }

  /** Runs the client in the background against the server on {@code port}. */
  private CompletableFuture<Integer> runInBackground(TypedConsole keyboard, int port) {
    ChatConsole console = ChatConsole.over(keyboard.keyboard(), keyboard.screen());
    String[] args = {"--port", String.valueOf(port)};
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    return CompletableFuture.supplyAsync(
        () -> ChatClient.run(args, console, errors), TestThreads.NEW_THREAD);
  }

  private String screen() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Nested
  class Menus {
    @Test
    void registerThenLogInThenLeaveFromTheSecondMenu() {
      int status = type("2\n100\nAlice\nsecret\n1\n100\nsecret\n4\n");
      assertEquals(0, status);
      String screen = screen();
      assertTrue(screen.contains("Registered user 100. You can log in now."), screen);
      assertTrue(screen.contains("Logged in as user 100. Online now: [100]"), screen);
      assertTrue(screen.contains(LoggedInMenu.MENU), screen);
      assertTrue(screen.strip().endsWith("Bye."), screen);
    }

    @Test
    void menuOneShowsTheOnlineListAndMenuFourLogsOutSoOthersHear() throws IOException {
      RawClient bob = chat.loggedIn(200, "Bob");
      chat.register(100, "secret", "Alice");
      type("1\n100\nsecret\n1\n4\n");
      assertTrue(screen().contains("Online now (2): [100, 200]"), screen());
      assertEquals(0, bob.receivePayload("NotifyUserStatusMes").get("status").asInt());
      assertEquals(1, bob.receivePayload("NotifyUserStatusMes").get("status").asInt());
    }

    @Test
    void menuTwoSendsToEveryoneAndToOneUser() throws IOException {
      RawClient bob = chat.loggedIn(200, "Bob");
      chat.register(300, "pw", "Carol");
      chat.register(100, "secret", "Alice");
      type(
          "1\n100\nsecret\n"
              + "2\n1\nhello all\n\n"
              + "2\n2\n200\npsst bob\n\n"
              + "2\n2\n300\nlater, Carol\n\n"
              + "4\n");
      bob.receivePayload("NotifyUserStatusMes");
      assertEquals("hello all", bob.receivePayload("SmsMes").get("content").asText());
      assertEquals("psst bob", bob.receivePayload("PrivateSmsMes").get("content").asText());
      String screen = screen();
      assertTrue(screen.contains("Type your messages to Bob (200), one per line"), screen);
      assertTrue(screen.contains("(delivered to 200)"), screen);
      assertTrue(
          screen.contains("Carol (300) is offline: your messages will wait until they log in."),
          screen);
      assertTrue(screen.contains("(user 300 is offline: kept until they log in)"), screen);
    }

    @Test
    void theIdOfAPrivateChatPartnerIsCheckedWhenChosenAndAnEmptyLineGoesBack() throws IOException {
      chat.register(100, "secret", "Alice");
      type("1\n100\nsecret\n" + "2\n2\n999\n100\nbob\n\n" + "4\n");
      String screen = screen();
      assertTrue(screen.contains("To user id (an empty line goes back): "), screen);
      assertTrue(screen.contains("There is no user 999."), screen);
      assertTrue(screen.contains("That is you: choose someone else."), screen);
      assertTrue(screen.contains("A user id is a whole number, 1 or more"), screen);
      assertEquals(2, count(screen, LoggedInMenu.MENU), "back at the menu after the empty line");
      assertFalse(screen.contains("Type your messages"), "no chat was started");
    }

    @Test
    void failuresShowTheirCodeAndReason() throws IOException {
      chat.register(100, "secret", "Alice");
      type("1\n100\nwrong\n1\n7\nx\n2\n100\nMallory\npw\n3\n");
      String screen = screen();
      assertTrue(screen.contains("Login failed (403): wrong password."), screen);
      assertTrue(
          screen.contains("Login failed (500): there is no user 7 (register first: menu 2)."),
          screen);
      assertTrue(
          screen.contains("Registration failed (400): user id 100 is taken; choose another."),
          screen);
    }

    @Test
    void badMenuInputRePromptsInBothMenus() throws IOException {
      chat.register(100, "secret", "Alice");
      type("login\n0\n1\n100\nsecret\nfive\n5\n4\n");
      String screen = screen();
      assertEquals(2, count(screen, "Please type a number from 1 to 3."), screen);
      assertEquals(2, count(screen, "Please type a number from 1 to 4."), screen);
    }

    @Test
    void nameAndPasswordRulesAreCheckedBeforeAnythingIsSent() throws IOException {
      try (ScriptedServer server = new ScriptedServer()) {
        int status =
            type(
                "1\n100\n\n" // log in with an empty password
                    + "2\n100\nAlice\n\n" // register with an empty password
                    + "2\n100\n"
                    + "x".repeat(33)
                    + "\n" // a name too long: refused before the password is asked
                    + "2\n100\nAlice\n"
                    + "p".repeat(65)
                    + "\n" // a password too long
                    + "3\n",
                "--port",
                String.valueOf(server.port()));
        assertEquals(0, status);
        String screen = screen();
        assertEquals(2, count(screen, "Not sent: the password is empty."), screen);
        assertTrue(screen.contains("Not sent: a name has 1 to 32 characters."), screen);
        assertTrue(screen.contains("Not sent: a password has at most 64 characters."), screen);
        assertEquals(List.of(), server.typesSentOnClosedConnections());
      }
    }

    /** Found by a newcomer: a name too long was refused only after the password was typed. */
    @Test
    void aNameTooLongIsRefusedBeforeThePasswordIsAsked() {
      assertEquals(0, type("2\n100\n" + "x".repeat(33) + "\n3\n"));
      String screen = screen();
      assertTrue(screen.contains("Not sent: a name has 1 to 32 characters."), screen);
      assertFalse(screen.contains("Password:"), screen);
    }

    @Test
    void theEndOfInputLeavesCleanlyFromAnyPrompt() {
      assertEquals(0, type("2\n100\n"));
      assertTrue(screen().strip().endsWith("Bye."), screen());
    }
  }

  @Nested
  class Arrivals {
    @Test
    void messagesArrivingBetweenKeystrokesAreShownAndListedInMenuThree() throws Exception {
      chat.register(100, "secret", "Alice");
      RawClient bob = chat.loggedIn(200, "Bob");
      bob.send("PrivateSmsMes", ChatWire.direct(100, "kept for you"));
      assertEquals(202, bob.receivePayload("SmsResMes").get("code").asInt());

      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.type("1\n100\nsecret\n");
        keyboard.awaitShown("Bob (200) to you: kept for you", ChatServerFixture.WAIT);
        bob.receivePayload("NotifyUserStatusMes"); // Alice is online now
        bob.send("SmsMes", ChatWire.group("hello, Alice"));
        keyboard.awaitShown("Bob (200) to everyone: hello, Alice", ChatServerFixture.WAIT);

        keyboard.type("3\n"); // the message list shows both again
        keyboard.awaitShown("Bob (200) to everyone: hello, Alice", 2, ChatServerFixture.WAIT);
        keyboard.awaitShown("Bob (200) to you: kept for you", 2, ChatServerFixture.WAIT);
        keyboard.type("4\n");
        assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(
            keyboard
                .shown()
                .matches("(?s).*\\[[0-9:]{8}, while you were away] Bob \\(200\\) to you: kept.*"),
            keyboard.shown());
      }
    }

    @Test
    void controlCharactersFromAServerNeverReachTheScreen() throws Exception {
      // Our server refuses control characters in chat text, so a hostile server plays the peer.
      try (ScriptedServer hostile = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, hostile.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("LoginResMes", "{\"code\":200,\"UsersId\":[100]}");
          peer.send("PrivateSmsMes", "{\"content\":\"clear\\u001b[2Jscreen\",\"userId\":200}");
          keyboard.awaitShown("clear\uFFFD[2Jscreen", ChatServerFixture.WAIT);
          keyboard.type("4\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertFalse(keyboard.shown().contains("\u001b[2J"));
      }
    }

    @Test
    void whenTheServerGoesAwayTheClientSaysSoAsksAndNoEndsWithStatusOne() throws Exception {
      chat.register(100, "secret", "Alice");
      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.type("1\n100\nsecret\n");
        keyboard.awaitShown("Logged in as user 100", ChatServerFixture.WAIT);
        keyboard.awaitShown("Choose (1-4): ", ChatServerFixture.WAIT);
        chat.server().close();
        keyboard.awaitShown("[the server closed the connection]", ChatServerFixture.WAIT);
        keyboard.awaitShown(ChatClient.RECONNECT, ChatServerFixture.WAIT);
        keyboard.type("n\n");
        assertEquals(1, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        String after = keyboard.shown().substring(keyboard.shown().indexOf("[the server closed"));
        assertFalse(after.contains("Choose (1-4)"), "no prompt after the news: " + after);
        assertTrue(after.strip().endsWith("Bye."), after);
      }
    }

    @Test
    void whenTheServerIsBackYesLogsInAgain() throws Exception {
      chat.register(100, "secret", "Alice");
      int port = chat.port();
      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.type("1\n100\nsecret\n");
        keyboard.awaitShown("Logged in as user 100", ChatServerFixture.WAIT);
        chat.server().close();
        keyboard.awaitShown(ChatClient.RECONNECT, ChatServerFixture.WAIT);
        try (ChatServer again = new ChatServer(ChatServerFixture.options(), chat.redis())) {
          again.start(port);
          keyboard.type("y\n");
          keyboard.awaitShown("Logged in as user 100", 2, ChatServerFixture.WAIT);
          keyboard.type("4\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }

    @Test
    void aSecondLoginElsewhereEndsThisSessionWithAnExplanation() throws Exception {
      chat.register(100, "secret", "Alice");
      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.type("1\n100\nsecret\n");
        keyboard.awaitShown("Logged in as user 100", ChatServerFixture.WAIT);
        RawClient elsewhere = chat.connect();
        elsewhere.send("LoginMes", ChatWire.login(100, "secret"));
        elsewhere.receivePayload("LoginResMes");
        keyboard.awaitShown("You logged in somewhere else", ChatServerFixture.WAIT);
        assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        String after = keyboard.shown().substring(keyboard.shown().indexOf("You logged in"));
        assertEquals(
            "You logged in somewhere else, so this session is closed.\nBye.\n",
            after,
            "no stray prompt, no question");
      }
    }
  }

  /** The Go tutorial's server: four message types, frames of 8 096 bytes at most (issue 11). */
  @Nested
  class WithAGoTutorialServer {
    @Test
    void itsRegisterCodesReadAsTakenAndFailedWithItsOwnWords() throws Exception {
      try (ScriptedServer go = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, go.port());
        keyboard.type("2\n100\nAlice\nsecret\n");
        try (ScriptedServer.Peer peer = go.acceptSkippingProbes()) {
          peer.receive("RegisterMes");
          peer.send("RegisterResMes", "{\"code\":505,\"error\":\"User exit...\"}");
          keyboard.awaitShown(
              "Registration failed (505): user id 100 is taken; choose another"
                  + " (the server says: User exit...).",
              ChatServerFixture.WAIT);
        }
        keyboard.type("2\n100\nAlice\nsecret\n");
        try (ScriptedServer.Peer peer = go.acceptSkippingProbes()) { // one connection each
          peer.receive("RegisterMes");
          peer.send("RegisterResMes", "{\"code\":506,\"error\":\"Redis down\"}");
          keyboard.awaitShown(
              "Registration failed (506): the server could not register you"
                  + " (the server says: Redis down).",
              ChatServerFixture.WAIT);
          keyboard.type("3\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }

    @Test
    void theMenuSaysPrivateChatIsNotOfferedAndGroupChatWorksBothWays() throws Exception {
      try (ScriptedServer go = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, go.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = go.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("LoginResMes", "{\"code\":200,\"UsersId\":[200,100],\"error\":\"\"}");
          keyboard.awaitShown(ChatClient.TUTORIAL_SERVER, ChatServerFixture.WAIT);

          keyboard.type("2\n2\n");
          keyboard.awaitShown(
              "This server does not offer private chat (it is a Go tutorial server)",
              ChatServerFixture.WAIT);
          keyboard.type("2\n1\nhello from Java\n\n");
          JsonNode sms = peer.receive("SmsMes");
          assertEquals("hello from Java", sms.get("content").asText());
          assertEquals(100, sms.get("userId").asInt(), "the server passes it on as it is");

          // A tutorial client never fills in its name; its server passes that on too.
          peer.send(
              "SmsMes",
              "{\"content\":\"hi-from-go\",\"userId\":200,\"userPwd\":\"\",\"userName\":\"\","
                  + "\"userStatus\":0,\"sex\":\"\"}");
          keyboard.awaitShown("] user 200 to everyone: hi-from-go", ChatServerFixture.WAIT);
          keyboard.type("1\n4\n");
          keyboard.awaitShown("Online now (2): [100, 200]", ChatServerFixture.WAIT);
          assertNull(peer.receive(), "no LogoutMes: the client just hangs up");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }
  }

  /** A server with private chat but without {@code find-user}, as ours before it had it. */
  @Nested
  class WithAServerThatCannotFindUsers {
    @Test
    void thePartnerIsTakenUncheckedAndTheAnswerToEachLineSays() throws Exception {
      try (ScriptedServer older = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, older.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = older.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send(
              "LoginResMes",
              "{\"code\":200,\"UsersId\":[100],\"features\":[\"private\",\"logout\"]}");
          keyboard.type("2\n2\n999\nanyone?\n");
          JsonNode sent = peer.receive("PrivateSmsMes"); // no FindUserMes before it
          assertEquals(999, sent.get("toUserId").asInt());
          peer.send("SmsResMes", "{\"code\":404,\"error\":\"no user 999\",\"toUserId\":999}");
          keyboard.awaitShown("(not sent, 404: there is no user 999)", ChatServerFixture.WAIT);
          keyboard.type("\n4\n");
          peer.receive("LogoutMes");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      }
    }
  }

  /** A server that answers what no honest server would (issue 10, row 12). */
  @Nested
  class WithAHostileServer {
    @Test
    void errorTextsWithEscapesAreCleaned() throws Exception {
      try (ScriptedServer hostile = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, hostile.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("LoginResMes", "{\"code\":429,\"error\":\"\\u001b[2Jtoo many\"}");
          keyboard.awaitShown("Login failed (429): \uFFFD[2Jtoo many.", ChatServerFixture.WAIT);
        }
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("LoginResMes", "{\"code\":200,\"UsersId\":[100]}");
          peer.send("ErrorResMes", "{\"code\":400,\"error\":\"\\u001b]0;owned\\u0007\"}");
          keyboard.awaitShown(
              "! the server says (400): \uFFFD]0;owned\uFFFD", ChatServerFixture.WAIT);
          keyboard.type("4\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertFalse(keyboard.shown().contains("\u001b"), keyboard.shown());
      }
    }

    @Test
    void answersWithoutTheirFieldsGiveAClearMessageNotAStackTrace() throws Exception {
      try (ScriptedServer hostile = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, hostile.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("ErrorResMes", "{\"code\":503}");
          keyboard.awaitShown(
              "Login failed (503): the server is full; try again later.", ChatServerFixture.WAIT);
        }
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          peer.send("LoginResMes", "{\"code\":200}");
          peer.send("ErrorResMes", "{}");
          keyboard.awaitShown("! the server says (0): no reason given", ChatServerFixture.WAIT);
          keyboard.type("4\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        String everything = keyboard.shown() + err.toString(StandardCharsets.UTF_8);
        assertFalse(everything.contains("Exception"), everything);
        assertFalse(everything.contains("null"), everything);
      }
    }

    @Test
    void anOnlineListThatNeverEndsIsCutWithAClearMessage() throws Exception {
      try (ScriptedServer hostile = new ScriptedServer();
          TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard, hostile.port());
        keyboard.type("1\n100\nsecret\n");
        try (ScriptedServer.Peer peer = hostile.acceptSkippingProbes()) {
          peer.receive("LoginMes");
          // "Three users online, here is one": the client must ask for the list.
          peer.send(
              "LoginResMes",
              "{\"code\":200,\"UsersId\":[100],\"usersCount\":3,\"features\":[\"online-list\"]}");
          keyboard.type("1\n");
          int requests = 0;
          JsonNode request;
          while ((request = peer.receive()) != null
              && request.get("type").asText().equals("OnlineUsersMes")) {
            int after = request.get("data").path("after").asInt();
            peer.send(
                "OnlineUsersResMes",
                "{\"UsersId\":[" + (after + 1) + "," + (after + 2) + "],\"more\":true}");
            if (++requests == ChatSession.MAX_ONLINE_PAGES) {
              break;
            }
          }
          keyboard.awaitShown(
              "(the server's list did not end after 100 pages, so this client stopped asking)",
              ChatServerFixture.WAIT);
          keyboard.type("4\n");
          assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
          assertEquals(ChatSession.MAX_ONLINE_PAGES, requests);
        }
      }
    }
  }

  @Nested
  class Reconnecting {
    /**
     * The server closes connections that send nothing before logging in, so the client holds none
     * while the user reads the first menu: it connects when there is something to send.
     */
    @Test
    void theClientHoldsNoConnectionWhileTheUserIsAtTheFirstMenu() throws Exception {
      try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
          ChatServer impatient =
              new ChatServer(ChatServerFixture.options("--login-timeout", "1"), redis);
          TypedConsole keyboard = new TypedConsole()) {
        int port = impatient.start(0);
        CompletableFuture<Integer> client = runInBackground(keyboard, port);
        keyboard.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
        // The one connection made so far, the check at start, has ended while the menu shows.
        log.awaitContaining(ChatServerFixture.WAIT, " left");
        keyboard.type("2\n100\nAlice\nsecret\n3\n");
        keyboard.awaitShown("Registered user 100. You can log in now.", ChatServerFixture.WAIT);
        assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(
            log.lines().stream().noneMatch(line -> line.contains("silent")),
            log.lines().toString());
      }
    }

    @Test
    void aServerDownAtLogInAsksAgainAndGivesUpWithStatusOne() throws Exception {
      chat.register(100, "secret", "Alice");
      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
        chat.server().close();
        keyboard.type("1\n100\nsecret\n");
        String down =
            "Cannot connect to localhost:" + chat.port() + " (is the chat server running?)";
        keyboard.awaitShown(down, ChatServerFixture.WAIT);
        keyboard.type("y\n".repeat(ChatClient.MAX_RECONNECTS));
        keyboard.awaitShown(
            "Giving up after " + ChatClient.MAX_RECONNECTS + " tries", ChatServerFixture.WAIT);
        assertEquals(1, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(ChatClient.MAX_RECONNECTS + 1, count(keyboard.shown(), down));
        assertTrue(keyboard.shown().strip().endsWith("Bye."), keyboard.shown());
      }
    }

    @Test
    void aServerDownAtRegisterAsksAndNoEndsWithStatusOne() throws Exception {
      try (TypedConsole keyboard = new TypedConsole()) {
        CompletableFuture<Integer> client = runInBackground(keyboard);
        keyboard.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
        chat.server().close();
        keyboard.type("2\n100\nAlice\nsecret\n");
        keyboard.awaitShown(ChatClient.RECONNECT, ChatServerFixture.WAIT);
        keyboard.type("n\n");
        assertEquals(1, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
      }
    }

    /**
     * On a terminal, the prompt that was waiting when the server went is erased, not left above the
     * news: after "[the server closed the connection]" nothing says "Choose (1-4)" again.
     */
    @Test
    void onATerminalNoPromptIsLeftAfterTheServerGoes() throws Exception {
      chat.register(100, "secret", "Alice");
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        String[] args = {"--port", String.valueOf(chat.port())};
        PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> client =
            CompletableFuture.supplyAsync(
                () -> ChatClient.run(args, console, errors), TestThreads.NEW_THREAD);
        xterm.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
        xterm.type("1\r");
        xterm.awaitShown("User id: ", ChatServerFixture.WAIT);
        xterm.type("100\r");
        xterm.awaitShown("Password: ", ChatServerFixture.WAIT);
        xterm.type("secret\r");
        xterm.awaitShown("Choose (1-4): ", ChatServerFixture.WAIT);
        chat.server().close();
        xterm.awaitShown(ChatClient.RECONNECT, ChatServerFixture.WAIT);
        xterm.type("n\r");
        assertEquals(1, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
        String after = xterm.text().substring(xterm.text().indexOf("[the server closed"));
        assertFalse(after.contains("Choose (1-4)"), after);
      }
    }
  }

  @Nested
  class Errors {
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
    void aMistypedOptionGetsASuggestionAndStatusTwo() {
      assertEquals(2, type("", "--por", "1"));
      String said = err.toString(StandardCharsets.UTF_8);
      assertTrue(said.contains("Unknown options: '--por', '1'"), said);
      assertTrue(said.contains("Possible solutions: --port"), said);
      assertEquals(2, type("", "--colour"));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: ChatClient"));
      assertEquals(2, type("", "--port", "eighty"));
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("'eighty' is not a port"));
    }

    @Test
    void helpAndVersionComeFromPicocliAndConnectToNothing() {
      assertEquals(0, type("", "--help"));
      String help = screen();
      for (String option : new String[] {"--host", "--port", "--help", "--version"}) {
        assertTrue(help.contains(option), option + " is in --help:\n" + help);
      }
      assertTrue(help.replaceAll("\\s+", " ").contains("(default: 8889)"), help);
      assertEquals(0, type("", "--version"));
      assertTrue(screen().contains("tcp-chatroom " + Version.number()), screen());
      assertFalse(screen().contains("Welcome"), "no menu: " + screen());
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
