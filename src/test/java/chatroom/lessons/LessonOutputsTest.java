package chatroom.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.ChatClient;
import chatroom.chat.client.ChatConsole;
import chatroom.chat.server.ChatServer;
import chatroom.echo.EchoClient;
import chatroom.echo.EchoServer;
import chatroom.lessons.Programs.Run;
import chatroom.login.LoginClient;
import chatroom.login.LoginServer;
import chatroom.support.TcpServer;
import chatroom.support.tls.Certificates;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.OldTlsClient;
import chatroom.testing.RawClient;
import chatroom.testing.ServerProcess;
import chatroom.testing.TestThreads;
import chatroom.testing.TlsChatServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output shown in a lesson is output a program prints. Each test here does what one lesson's "Run
 * it" section does: it runs the lesson's programs with the arguments of the lesson's own commands
 * (on free ports: the ports they print are written back as the ones the commands use), types what
 * the lesson types, and then checks that every {@code text} block of the lesson is found, in order,
 * in what the programs printed (see {@link ShownOutput}). A console client runs on a {@link
 * ScriptedTerminal}, which shows its screen as the learner's terminal does; a server's start-up
 * lines come from the server run as a program of its own.
 *
 * <p>A block that no test can produce (another program's output, figures that differ from machine
 * to machine) is listed in {@link #NOT_RUN} with the reason, so a new block is never left unchecked
 * by accident.
 */
class LessonOutputsTest {
  /**
   * Blocks shown but not produced here, by lesson topic and first line, with the reason. Everything
   * else a lesson shows in a {@code text} block must be printed by the programs its test runs.
   */
  static final Map<String, String> NOT_RUN =
      Map.of(
          "tcp-ip-in-a-page: State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process",
          "the operating system's ss, whose columns depend on the machine",
          "tcp-ip-in-a-page: State Recv-Q Send-Q      Local Address:Port        Peer Address:Port Process",
          "the operating system's ss, whose columns depend on the machine",
          "redis-and-userdao: 1) \"100\"",
          "redis-cli's output; RegisterTest.theUsersHashHoldsNoClearTextPassword reads the same hash",
          "measuring-the-server: private: 1,000 clients against localhost:8889, platform threads",
          "figures from one run on one machine; LoadGeneratorSmokeTest checks what the generator"
              + " counts",
          "the-browser: GET /chat HTTP/1.1",
          "RFC 6455's own example; WebSocketHandshakeTest checks the accept key it shows",
          "tls: depth=0 CN = localhost",
          "openssl's output; TlsSetupTest and TlsChatTest check the certificate and protocol it"
              + " reports",
          "tls: Verification: OK",
          "openssl's output; ClientTrustTest trusts the same certificate, pinned, for localhost");

  /**
   * Lessons whose test is below. Lessons are named here by their topic, the file name without its
   * number, so that a new lesson in between changes nothing here.
   */
  static final List<String> RUN =
      List.of(
          "tcp-ip-in-a-page",
          "echo-server",
          "framing-and-first-login",
          "layered-chat",
          "register-and-login",
          "online-users-and-presence",
          "group-chat",
          "private-chat",
          "offline-messages",
          "logout-and-vanished-clients",
          "several-servers",
          "the-browser",
          "tls");

  @RegisterExtension final CapturedLog log = new CapturedLog();

  @TempDir Path dataDir;

  @Test
  void everyShownOutputIsRunHereOrSaysWhyNot() throws IOException {
    List<String> unchecked = new ArrayList<>();
    List<String> listed = new ArrayList<>(NOT_RUN.keySet());
    for (Path file : LessonsTest.lessons()) {
      Markdown lesson = new Markdown(file);
      for (Markdown.Block block : textBlocks(lesson)) {
        String key = key(lesson, block);
        listed.remove(key);
        if (!NOT_RUN.containsKey(key) && !RUN.contains(topic(file))) {
          unchecked.add(file.getFileName() + " line " + block.line() + ": " + block.lines().get(0));
        }
      }
    }
    assertEquals(
        List.of(), unchecked, "blocks no test runs: give their lesson a test, or list them");
    assertEquals(List.of(), listed, "NOT_RUN lists blocks no lesson shows any more");
  }

  @Test
  void tcpIpInAPageTheEchoServerSaysWhereItListens() throws Exception {
    Markdown lesson = lesson("tcp-ip-in-a-page");
    Run server = run(lesson, "EchoServer");
    String printed = printedUntil(server, PROGRAMS.withPort(server, 0), "listening on port");
    assertShows(lesson, new ShownOutput().add("EchoServer", portsShown(printed, server)));
  }

  @Test
  void echoServerEchoesALineAndLogsTheClient() throws Exception {
    Markdown lesson = lesson("echo-server");
    Run serverRun = run(lesson, "EchoServer");
    Run clientRun = run(lesson, "EchoClient");
    assertEquals(PROGRAMS.port(serverRun), PROGRAMS.port(clientRun), "the client finds the server");
    try (TcpServer server = EchoServer.create()) {
      int port = server.start(null, 0);
      ScriptedTerminal terminal = terminal();
      terminal.type("'exit' quits.\n", "hello").type("echo: hello\n", "exit").end();
      String[] args = PROGRAMS.withPort(clientRun, port).toArray(String[]::new);
      awaitExit(
          terminal,
          () -> EchoClient.run(args, terminal.keyboard(), terminal.screen(), errors()),
          0);
      log.awaitContaining(ChatServerFixture.WAIT, "EchoServer", " left");
      assertShows(
          lesson,
          new ShownOutput()
              .add("EchoClient", terminal.text())
              .add("server log", logged())
              .port(port, PROGRAMS.port(clientRun)));
    }
  }

  @Test
  void firstLoginWithAWrongThenARightPassword() throws Exception {
    Markdown lesson = lesson("framing-and-first-login");
    Run serverRun = run(lesson, "LoginServer");
    Run clientRun = run(lesson, "LoginClient");
    assertEquals(PROGRAMS.port(serverRun), PROGRAMS.port(clientRun), "the client finds the server");
    try (TcpServer server = LoginServer.create()) {
      int port = server.start(null, 0);
      ScriptedTerminal terminal = terminal();
      terminal
          .type("Choose (1-3): ", "1")
          .type("User id: ", "100")
          .type("Password: ", "oops")
          .type("Choose (1-3): ", "1")
          .type("User id: ", "100")
          .type("Password: ", "123456")
          .end();
      String[] args = PROGRAMS.withPort(clientRun, port).toArray(String[]::new);
      awaitExit(
          terminal,
          () -> LoginClient.run(args, terminal.keyboard(), terminal.screen(), errors()),
          0);
      assertShows(lesson, new ShownOutput().add("LoginClient", terminal.text()));
    }
  }

  /** The layered chat and the browser lessons show what the chat server prints as it starts. */
  @Test
  void layeredChatAndBrowserTheChatServerSaysWhatItServes() throws Exception {
    Run server = run(lesson("layered-chat"), "ChatServer");
    List<String> args = new ArrayList<>(PROGRAMS.withPort(server, 0));
    args.addAll(List.of("--web-port", "0", "--data-dir", dataDir.toString()));
    String printed = printedUntil(server, args, "Users are kept");
    int webPort = number(printed, "Web page at http://localhost:(\\d+)/");
    ShownOutput shown =
        new ShownOutput()
            .add("ChatServer", portsShown(printed, server))
            .port(webPort, PROGRAMS.option(server, "--web-port"));
    assertShows(lesson("layered-chat"), shown);
    assertEquals(
        server,
        run(lesson("the-browser"), "ChatServer"),
        "the browser lesson starts the same server");
    assertShows(lesson("the-browser"), shown);
  }

  /**
   * Two chat servers as processes of their own, the second on the first's bundled Redis as the
   * lesson's {@code --join data} starts it, a console client on each; then the second is killed.
   */
  @Test
  void severalServersAreOneChatAndNoticeADeath() throws Exception {
    Markdown lesson = lesson("several-servers");
    List<Run> clients = runs(lesson, "ChatClient");
    assertEquals(
        List.of("--port", "8891", "--web-port", "8881", "--join", "data"),
        runs(lesson, "ChatServer").get(1).args(),
        "the second node joins the first's data directory");
    try (ServerProcess first = new ServerProcess(List.of(), "--data-dir", dataDir.toString());
        ServerProcess second = new ServerProcess(List.of(), "--join", dataDir.toString())) {
      first.awaitLine(Pattern.compile("is in the chat too"));
      second.awaitLine(Pattern.compile("is in the chat too"));
      try (RawClient setup = new RawClient(first.port(), ChatServerFixture.WAIT)) {
        setup.send("RegisterMes", ChatWire.register(100, "pw-100", "Alice"));
        setup.receivePayload("RegisterResMes");
        setup.send("RegisterMes", ChatWire.register(200, "pw-200", "Bob"));
        setup.receivePayload("RegisterResMes");
      }
      List<CompletableFuture<Integer>> running = new ArrayList<>();
      ScriptedTerminal alice = logIn(console(clients.get(0), first.port(), running), 100);
      alice.awaitAsking("Choose (1-4): ");
      assertEquals(8891, PROGRAMS.port(clients.get(1)), "Bob's client goes to the second node");
      ScriptedTerminal bob = logIn(console(clients.get(1), second.port(), running), 200);
      alice.type("* user 200 is online\nChoose (1-4): ", "1");
      alice.await("Online now (2)");
      bob.type("Choose (1-4): ", "2")
          .type("1. To everyone  2. To one user: ", "1")
          .type("> ", "hello from the other server");
      alice.await("to everyone: hello from the other server");
      alice
          .type("Choose (1-4): ", "2")
          .type("1. To everyone  2. To one user: ", "2")
          .type("To user id (an empty line goes back): ", "200")
          .type("> ", "are you on the other server?");
      bob.await("to you: are you on the other server?");
      alice.await("(delivered to 200)");
      second.kill();
      alice.await("* user 200 went offline");
      first.awaitLine(Pattern.compile("has stopped"));
      bob.type("reconnect? (y/n) ", "n").end();
      alice.type("> ", "").type("Choose (1-4): ", "4").end();
      awaitAll(running, alice, bob);
      assertShows(
          lesson,
          new ShownOutput()
              .add("first node", String.join("\n", first.output()) + "\n")
              .add("second node", String.join("\n", second.output()) + "\n")
              .add("Alice's client", alice.text())
              .add("Bob's client", bob.text())
              .port(first.port(), PROGRAMS.port(clients.get(0)))
              .port(second.port(), PROGRAMS.port(clients.get(1))));
    }
  }

  /**
   * The TLS lesson's story: the server, run as a program, makes its key and prints the fingerprint;
   * a console client meets it for the first time and is trusted by the person at it; the key is
   * deleted and made again, and the client refuses the changed certificate; and a client that
   * offers only TLS 1.1, as {@code openssl s_client -tls1_1} does, is logged.
   */
  @Test
  void tlsAKeyIsMadeTrustedOnFirstUseAndAChangeIsRefused() throws Exception {
    Markdown lesson = lesson("tls");
    Run serverRun = run(lesson, "ChatServer");
    Run clientRun = run(lesson, "ChatClient");
    assertEquals(List.of("--tls"), serverRun.args(), "the server the lesson starts");
    assertEquals(PROGRAMS.port(serverRun), PROGRAMS.port(clientRun), "the client finds the server");
    List<String> serverArgs = new ArrayList<>(serverRun.args());
    serverArgs.addAll(List.of("--data-dir", dataDir.toString()));
    ShownOutput shown = new ShownOutput();
    String made;
    try (ServerProcess server = new ServerProcess(List.of(), serverArgs.toArray(String[]::new))) {
      server.awaitLine(Pattern.compile("Web page at"));
      made = String.join("\n", server.output()) + "\n";
      int webPort = number(made, "Web page at https://localhost:(\\d+)/");
      shown
          .add("server", made.replace(dataDir.toString(), "data"))
          .port(server.port(), PROGRAMS.port(serverRun))
          .port(webPort, PROGRAMS.option(serverRun, "--web-port"));
    }
    String fingerprint = word(made, "SHA-256 fingerprint (\\S+)");
    // The learner's home, where the client remembers servers; the lesson shows a typical one.
    Path home = dataDir.resolve("home");
    Path known = home.resolve(".tcp-chatroom/known_servers");
    int port;
    try (TlsChatServer again = TlsChatServer.inDataDir(dataDir)) {
      port = again.port();
      ScriptedTerminal firstContact = terminal();
      firstContact.type("remember it? (y/n) ", "y").type("Choose (1-3): ", "3").end();
      awaitExit(firstContact, () -> tlsClient(clientRun, port, known, firstContact), 0);
      String screen = firstContact.text();
      assertTrue(screen.contains(fingerprint.substring(0, 47)), "the fingerprint it was shown");
      assertTrue(screen.contains(fingerprint.substring(48)), screen);
      shown.add("first contact", screen.replace(home.toString(), "/home/you"));
    }
    deleteRecursively(dataDir.resolve("tls")); // as the lesson has the learner do
    try (TlsChatServer renewed = TlsChatServer.inDataDir(dataDir, port)) {
      ScriptedTerminal changed = terminal();
      changed.end();
      awaitExit(changed, () -> tlsClient(clientRun, port, known, changed), 1);
      String screen = changed.text();
      assertTrue(screen.contains("remembered: " + fingerprint), screen);
      assertTrue(
          screen.contains("shown now:  " + Certificates.fingerprint(renewed.certificate())),
          screen);
      shown.add("changed", screen.replace(home.toString(), "/home/you"));

      assertTrue(OldTlsClient.isProtocolVersionAlert(OldTlsClient.offerTls11(port)));
      log.awaitContaining(ChatServerFixture.WAIT, "left: TLS failed: Client requested protocol");
      shown.add("server log", logged());
    }
    assertShows(lesson, shown.port(port, PROGRAMS.port(clientRun)));
  }

  /** A TLS console client run as {@code run} starts it, on {@code port}; what it says is shown. */
  private static int tlsClient(Run run, int port, Path knownServers, ScriptedTerminal terminal) {
    List<String> args = new ArrayList<>(PROGRAMS.withPort(run, port));
    args.addAll(List.of("--known-servers", knownServers.toString()));
    ChatConsole console = ChatConsole.typedByAPerson(terminal.keyboard(), terminal.screen());
    // Its warnings go to standard error, which a terminal shows on the same screen.
    return ChatClient.run(args.toArray(String[]::new), console, terminal.screen());
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Types a login as a user registered with password "pw-" + id, from the first menu. */
  private static ScriptedTerminal logIn(ScriptedTerminal terminal, int userId) {
    return terminal
        .type("Choose (1-3): ", "1")
        .type("User id: ", String.valueOf(userId))
        .typeHidden("Password: ", "pw-" + userId);
  }

  /** Waits for every client in {@code running} to end; each script ends its input. */
  private static void awaitAll(
      List<CompletableFuture<Integer>> running, ScriptedTerminal... terminals) throws Exception {
    for (CompletableFuture<Integer> client : running) {
      client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
    }
    for (ScriptedTerminal terminal : terminals) {
      assertNull(terminal.failure(), terminal.failure());
    }
  }

  /** A console client started as {@code run} starts it, but on {@code port}. */
  private ScriptedTerminal console(Run run, int port, List<CompletableFuture<Integer>> running) {
    ScriptedTerminal terminal = terminal();
    String[] args = PROGRAMS.withPort(run, port).toArray(String[]::new);
    ChatConsole console = ChatConsole.over(terminal.keyboard(), terminal.screen());
    running.add(
        CompletableFuture.supplyAsync(
            () -> ChatClient.run(args, console, errors()), TestThreads.NEW_THREAD));
    return terminal;
  }

  /** The console client of lessons 06 to 11, against a real server. */
  @Nested
  class TheChat {
    @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

    private final List<CompletableFuture<Integer>> clients = new ArrayList<>();

    /** A console client started as the lesson's command starts it, on a terminal of its own. */
    ScriptedTerminal client(Markdown lesson) {
      Run clientRun = run(lesson, "ChatClient");
      Run serverRun = run(lesson, "ChatServer");
      assertEquals(
          PROGRAMS.port(serverRun), PROGRAMS.port(clientRun), "the client finds the server");
      return console(clientRun, chat.port(), clients);
    }

    /** Waits for every client to end; each script ends its input. */
    void awaitClients(ScriptedTerminal... terminals) throws Exception {
      awaitAll(clients, terminals);
    }

    /** A console client logged in as a user registered with password "pw-" + id, at its menu. */
    ScriptedTerminal loggedIn(Markdown lesson, int userId) throws InterruptedException {
      ScriptedTerminal terminal = logIn(client(lesson), userId);
      terminal.awaitAsking("Choose (1-4): ");
      return terminal;
    }

    @Test
    void registerAndLogInExplainEveryFailure() throws Exception {
      Markdown lesson = lesson("register-and-login");
      ScriptedTerminal alice = client(lesson);
      // The client looks for the server as it starts; its log lines come before the lesson's.
      awaitLogged("left: closed the connection", 1);
      alice
          .type("Choose (1-3): ", "2")
          .type("New user id: ", "100")
          .type("Your name: ", "Alice")
          .typeHidden("Password: ", "secret");
      alice.await("Registered user 100");
      awaitLogged("left: closed the connection", 2); // the registration's own connection
      alice.type("Choose (1-3): ", "1").type("User id: ", "100").typeHidden("Password: ", "secret");
      alice.awaitAsking("Choose (1-4): ");
      ScriptedTerminal bob = client(lesson);
      bob.type("Choose (1-3): ", "2")
          .type("New user id: ", "100")
          .type("Your name: ", "Someone")
          .typeHidden("Password: ", "pw")
          .type("Choose (1-3): ", "2")
          .type("New user id: ", "300")
          .type("Your name: ", "a name of thirty-three characters")
          .type("Choose (1-3): ", "1")
          .type("User id: ", "100")
          .typeHidden("Password: ", "wrong")
          .type("Choose (1-3): ", "1")
          .type("User id: ", "999")
          .typeHidden("Password: ", "pw")
          .type("Choose (1-3): ", "2")
          .type("New user id: ", "200")
          .type("Your name: ", "Bob")
          .typeHidden("Password: ", "pw2")
          .type("Choose (1-3): ", "1")
          .type("User id: ", "200")
          .typeHidden("Password: ", "pw2")
          .type("Choose (1-4): ", "4");
      bob.await("Bye.");
      alice.type("Choose (1-4): ", "4").end();
      bob.end();
      awaitClients(alice, bob);
      assertShows(
          lesson,
          new ShownOutput()
              .add("Alice's client", alice.text())
              .add("Bob's client", bob.text())
              .add("server log", logged()));
    }

    @Test
    void presenceAnnouncesArrivalsReplacementsAndDepartures() throws Exception {
      Markdown lesson = lesson("online-users-and-presence");
      chat.register(100, "pw-100", "Alice");
      chat.register(200, "pw-200", "Bob");
      ScriptedTerminal alice = loggedIn(lesson, 100);
      ScriptedTerminal bob = loggedIn(lesson, 200);
      alice.await("* user 200 is online");
      RawClient carol = chat.loggedIn(300, "Carol");
      alice.type("* user 300 is online\nChoose (1-4): ", "1");
      alice.await("Online now (3)");
      RawClient bobElsewhere = chat.logIn(chat.connect(), 200);
      bob.await("Bye.");
      carol.close();
      alice.await("* user 300 went offline");
      alice.type("Choose (1-4): ", "4").end();
      bob.end();
      bobElsewhere.close();
      awaitClients(alice, bob);
      assertShows(
          lesson,
          new ShownOutput().add("Alice's client", alice.text()).add("Bob's client", bob.text()));
    }

    @Test
    void groupChatReachesEveryone() throws Exception {
      Markdown lesson = lesson("group-chat");
      chat.register(100, "pw-100", "Alice");
      chat.register(200, "pw-200", "Bob");
      ScriptedTerminal alice = loggedIn(lesson, 100);
      ScriptedTerminal bob = loggedIn(lesson, 200);
      alice.await("* user 200 is online"); // before typing: it would land between typed lines
      alice
          .type("Choose (1-4): ", "2")
          .type("1. To everyone  2. To one user: ", "1")
          .type("> ", "hello, everyone");
      bob.await("to everyone: hello, everyone");
      alice.type("> ", "").type("Choose (1-4): ", "4").end();
      bob.type("Choose (1-4): ", "4").end();
      awaitClients(alice, bob);
      assertShows(
          lesson,
          new ShownOutput().add("Alice's client", alice.text()).add("Bob's client", bob.text()));
    }

    @Test
    void privateChatChecksThePartnerAndDelivers() throws Exception {
      Markdown lesson = lesson("private-chat");
      chat.register(100, "pw-100", "Alice");
      RawClient bob = chat.loggedIn(200, "Bob");
      ScriptedTerminal alice = loggedIn(lesson, 100);
      alice
          .type("Choose (1-4): ", "2")
          .type("1. To everyone  2. To one user: ", "2")
          .type("To user id (an empty line goes back): ", "999")
          .type("To user id (an empty line goes back): ", "200")
          .type("> ", "are you there?")
          .type("(delivered to 200)\n> ", "")
          .type("Choose (1-4): ", "4")
          .end();
      awaitClients(alice);
      bob.receivePayloadAfterNotices("PrivateSmsMes");
      assertShows(lesson, new ShownOutput().add("Alice's client", alice.text()));
    }

    @Test
    void offlineMessagesWaitForBobThroughARestart() throws Exception {
      Markdown lesson = lesson("offline-messages");
      chat.register(100, "pw-100", "Alice");
      chat.register(200, "pw-200", "Bob");
      int port = chat.port();
      ScriptedTerminal alice = loggedIn(lesson, 100);
      alice
          .type("Choose (1-4): ", "2")
          .type("1. To everyone  2. To one user: ", "2")
          .type("To user id (an empty line goes back): ", "200")
          .type("> ", "are you there?")
          .type("kept until they log in)\n> ", "call me when you read this")
          .type("kept until they log in)\n> ", "");
      alice.awaitAsking("Choose (1-4): ");
      chat.server().close();
      alice.awaitAsking("reconnect? (y/n) ");
      try (ChatServer again = new ChatServer(ChatServerFixture.options(), chat.redis())) {
        again.start(port);
        alice.type("reconnect? (y/n) ", "y");
        alice.awaitAsking("Choose (1-4): ");
        ScriptedTerminal bob = loggedIn(lesson, 200);
        bob.await("to you: call me when you read this");
        bob.type("Choose (1-4): ", "3").type("Choose (1-4): ", "4").end();
        bob.await("Bye."); // before Alice leaves: the news would land in Bob's list
        alice.type("Choose (1-4): ", "4").end();
        awaitClients(alice, bob);
        assertShows(
            lesson,
            new ShownOutput().add("Alice's client", alice.text()).add("Bob's client", bob.text()));
      }
    }

    @Test
    void logoutEveryEndingIsLoggedAndTheClientAsksToReconnect() throws Exception {
      Markdown lesson = lesson("logout-and-vanished-clients");
      chat.register(100, "pw-100", "Alice");
      chat.register(200, "pw-200", "Bob");
      ScriptedTerminal alice = loggedIn(lesson, 100);
      ScriptedTerminal bob = loggedIn(lesson, 200);
      RawClient carol = chat.loggedIn(300, "Carol");
      alice.await("* user 300 is online");
      bob.type("Choose (1-4): ", "4").end();
      alice.await("* user 200 went offline");
      // The notice goes out before the session's end is logged: wait, so the log reads in order.
      log.awaitContaining(ChatServerFixture.WAIT, "left: logged out (user 200)");
      carol.close();
      alice.await("* user 300 went offline");
      log.awaitContaining(ChatServerFixture.WAIT, "left: closed the connection (user 300)");
      chat.server().close();
      alice.type("reconnect? (y/n) ", "n").end();
      awaitClients(alice, bob);
      assertEquals(1, clients.get(0).get(), "Alice's client, which could not reconnect");
      assertShows(
          lesson,
          new ShownOutput()
              .add("Alice's client", alice.text())
              .add("Bob's client", bob.text())
              .add("server log", logged()));
    }
  }

  static final Programs PROGRAMS = LessonsTest.PROGRAMS;

  /** The lesson about {@code topic}: its file name without the number. */
  private static Markdown lesson(String topic) {
    try {
      for (Path file : LessonsTest.lessons()) {
        if (topic(file).equals(topic)) {
          return new Markdown(file);
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no lesson about " + topic);
  }

  private static String topic(Path lesson) {
    return lesson.getFileName().toString().replaceFirst("^\\d+-", "").replaceFirst("\\.md$", "");
  }

  /** How {@link #NOT_RUN} names a block: its lesson's topic and its first line. */
  private static String key(Markdown lesson, Markdown.Block block) {
    return topic(lesson.file) + ": " + block.lines().get(0);
  }

  /**
   * The first of the lesson's commands that runs {@code simpleName}; for a lesson that goes on with
   * what is running already ("with the server and clients of lesson 07"), the latest earlier
   * lesson's.
   */
  private static Run run(Markdown lesson, String simpleName) {
    try {
      List<Path> lessons = LessonsTest.lessons();
      for (int i = lessons.indexOf(lesson.file); i >= 0; i--) {
        for (String command : new Markdown(lessons.get(i)).commands()) {
          Run run = Programs.run(command).orElse(null);
          if (run != null && run.simpleName().equals(simpleName)) {
            return run;
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError(
        "no lesson up to " + lesson.file.getFileName() + " runs " + simpleName);
  }

  /** Every command of the lesson itself that runs {@code simpleName}, in order. */
  private static List<Run> runs(Markdown lesson, String simpleName) {
    return lesson.commands().stream()
        .map(Programs::run)
        .flatMap(Optional::stream)
        .filter(run -> run.simpleName().equals(simpleName))
        .toList();
  }

  private static List<Markdown.Block> textBlocks(Markdown lesson) {
    return lesson.blocks.stream().filter(b -> b.info().equals("text")).toList();
  }

  /** Every block the lesson shows, unless {@link #NOT_RUN}, is in what was printed. */
  private static void assertShows(Markdown lesson, ShownOutput shown) {
    List<String> problems = new ArrayList<>();
    for (Markdown.Block block : textBlocks(lesson)) {
      if (!NOT_RUN.containsKey(key(lesson, block))) {
        shown
            .problemWith(block.lines())
            .ifPresent(why -> problems.add("line " + block.line() + " " + why));
      }
    }
    assertTrue(
        problems.isEmpty(),
        lesson.file.getFileName()
            + " shows output its programs do not print:\n"
            + String.join("\n", problems));
  }

  private ScriptedTerminal terminal() {
    return new ScriptedTerminal(ChatServerFixture.WAIT);
  }

  /** Runs a console program to its end; it must end with {@code status}. */
  private static void awaitExit(ScriptedTerminal terminal, IntSupplier program, int status)
      throws Exception {
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(program::getAsInt, TestThreads.NEW_THREAD);
    int actual = exit.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertNull(terminal.failure(), terminal.failure());
    assertEquals(status, actual, "exit status; screen:\n" + terminal.text());
  }

  private static PrintStream errors() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  /** Waits until the server has logged {@code part} {@code times} times. */
  private void awaitLogged(String part, int times) throws InterruptedException {
    int[] seen = {0};
    log.await(line -> line.contains(part) && ++seen[0] == times, ChatServerFixture.WAIT);
  }

  private String logged() {
    return String.join("\n", log.lines()) + "\n";
  }

  /**
   * Runs {@code run}'s program in a JVM of its own, as `mvn exec:exec` does, with {@code args},
   * until it prints a line containing {@code last}; then stops it as Ctrl-C does.
   *
   * @return everything it printed up to then
   */
  private static String printedUntil(Run run, List<String> args, String last) throws Exception {
    List<String> command = ServerProcess.javaCommand(List.of(), run.mainClass());
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      CompletableFuture<String> printed =
          CompletableFuture.supplyAsync(() -> readUntil(process, last), TestThreads.NEW_THREAD);
      return printed.get(60, TimeUnit.SECONDS);
    } finally {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static String readUntil(Process process, String last) {
    StringBuilder printed = new StringBuilder();
    try {
      BufferedReader lines =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = lines.readLine()) != null) {
        printed.append(line).append('\n');
        if (line.contains(last)) {
          return printed.toString();
        }
      }
    } catch (IOException e) {
      printed.append(e).append('\n');
    }
    throw new AssertionError("the program ended before printing '" + last + "':\n" + printed);
  }

  /** {@code printed} with the port its server got written as the one its command uses. */
  private static String portsShown(String printed, Run server) {
    int actual = number(printed, "listening on port (\\d+)");
    return printed.replaceAll("(?<=port )" + actual + "\\b", "" + PROGRAMS.port(server));
  }

  private static String word(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no '" + regex + "' in:\n" + text);
    return matcher.group(1);
  }

  private static int number(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertTrue(matcher.find(), "no '" + regex + "' in:\n" + text);
    return Integer.parseInt(matcher.group(1));
  }
}
