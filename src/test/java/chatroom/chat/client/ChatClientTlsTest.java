package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.tls.Certificates;
import chatroom.support.tls.KnownServers;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestCertificates;
import chatroom.testing.TestThreads;
import chatroom.testing.TlsChatServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console client with {@code --tls}: trust on first use as a person meets it (the fingerprint
 * shown, a question on a terminal, a refusal without one, a changed certificate refused loudly), a
 * pinned certificate, and clear words for every certificate or port it cannot use.
 */
class ChatClientTlsTest {
  @TempDir static Path shared;
  static Path expired;
  static Path elsewhere;

  @TempDir Path directory;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates make = new TestCertificates(shared);
    expired = make.selfSigned("expired", "-3y", 30, "localhost", "127.0.0.1");
    elsewhere = make.selfSigned("elsewhere", "-1d", 30, "chat.elsewhere.example");
  }

  private static TlsChatServer server() throws Exception {
    return TlsChatServer.inDataDir(shared.resolve("data"));
  }

  private Path known() {
    return directory.resolve("known_servers");
  }

  /** Runs the client on a whole script typed in advance, to its end; returns its status. */
  private int type(String keystrokes, String... args) {
    ChatConsole console =
        ChatConsole.over(
            new ByteArrayInputStream(keystrokes.getBytes(StandardCharsets.UTF_8)), out);
    return ChatClient.run(args, console, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String[] onFirstUse(TlsChatServer server, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--tls",
                "--port",
                String.valueOf(server.port()),
                "--known-servers",
                known().toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** A fingerprint as the console shows it: 16 bytes a row, indented. */
  private static String halves(String fingerprint) {
    return "    " + fingerprint.substring(0, 47) + "\n    " + fingerprint.substring(48) + "\n";
  }

  private String screen() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutATerminalANewServerIsRefusedWithTheFingerprintToCheck() throws Exception {
    try (TlsChatServer server = server()) {
      assertEquals(1, type("3\n", onFirstUse(server)));
      String said = errors();
      assertTrue(said.contains("is new to this client, and was not trusted"), said);
      assertTrue(said.contains(Certificates.fingerprint(server.certificate())), said);
      assertTrue(said.contains("--trust-new"), said);
      assertFalse(screen().contains("Welcome"), "no menu for a server nobody trusted");
      assertFalse(Files.exists(known()));
    }
  }

  @Test
  void trustNewRemembersTheServerAndLaterRunsTrustItWithoutAWord() throws Exception {
    try (TlsChatServer server = server()) {
      String fingerprint = Certificates.fingerprint(server.certificate());
      assertEquals(0, type("3\n", onFirstUse(server, "--trust-new")));
      assertTrue(screen().contains("Trusting the new server at localhost:" + server.port()));
      assertTrue(screen().contains(halves(fingerprint)), screen());
      assertEquals(
          fingerprint,
          new KnownServers(known()).find("localhost:" + server.port()).orElseThrow().fingerprint());

      out.reset();
      assertEquals(0, type("2\n100\nAlice\nsecret\n1\n100\nsecret\n4\n", onFirstUse(server)));
      assertFalse(screen().contains("fingerprint"), "known: nothing to say about it");
      assertTrue(screen().contains("Registered user 100"), screen());
      assertTrue(screen().contains("Logged in as user 100"), screen());
      assertEquals("", errors());
    }
  }

  @Test
  void onATerminalTheFingerprintIsShownAndYesTrustsAndRemembersTheServer() throws Exception {
    try (TlsChatServer server = server();
        InMemoryTerminal xterm = new InMemoryTerminal(100)) {
      ChatConsole console = ChatConsole.on(xterm.terminal());
      String[] args = onFirstUse(server);
      PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
      CompletableFuture<Integer> client =
          CompletableFuture.supplyAsync(
              () -> ChatClient.run(args, console, errors), TestThreads.NEW_THREAD);
      xterm.awaitShown(ChatClient.TRUST_NEW_SERVER, ChatServerFixture.WAIT);
      String screen = xterm.text();
      assertTrue(screen.contains("The chat server at localhost:" + server.port() + " is new"));
      assertTrue(screen.contains(halves(Certificates.fingerprint(server.certificate()))), screen);
      assertTrue(screen.contains("  for localhost, 127.0.0.1, ::1\n  valid from "), screen);
      xterm.type("y\r");
      xterm.awaitShown("Choose (1-3): ", ChatServerFixture.WAIT);
      xterm.type("3\r");
      assertEquals(0, client.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS));
      assertTrue(new KnownServers(known()).find("localhost:" + server.port()).isPresent());
    }
  }

  @Test
  void aChangedCertificateIsRefusedLoudlyAndNothingIsSent() throws Exception {
    try (TlsChatServer server = server()) {
      KnownServers knownServers = new KnownServers(known());
      knownServers.remember("localhost:" + server.port(), "AB:".repeat(31) + "AB");
      assertEquals(1, type("1\n100\nsecret\n", onFirstUse(server, "--trust-new")));
      String said = errors();
      assertTrue(said.contains("WARNING: THE CHAT SERVER'S CERTIFICATE HAS CHANGED!"), said);
      assertTrue(said.contains("delete line 3 of " + known().toAbsolutePath()), said);
      assertFalse(screen().contains("Welcome"), "no menu, so no password typed");
    }
  }

  @Test
  void aPinnedCertificateIsTrustedWithoutAQuestion() throws Exception {
    try (TlsChatServer server = server()) {
      Path pem = server.certificatePem(directory);
      String[] args = {"--tls", "--port", String.valueOf(server.port()), "--trust", pem.toString()};
      assertEquals(0, type("2\n100\nAlice\nsecret\n1\n100\nsecret\n4\n", args));
      assertTrue(screen().contains("Logged in as user 100"), screen());
      assertEquals("", errors());
    }
  }

  @Test
  void anExpiredCertificateOrOneForAnotherHostIsRefusedInWords() throws Exception {
    try (TlsChatServer server = TlsChatServer.serving(expired)) {
      String pem = TestCertificates.pem(expired).toString();
      assertEquals(
          1, type("3\n", "--tls", "--port", String.valueOf(server.port()), "--trust", pem));
      assertTrue(errors().contains("shows a certificate that expired on "), errors());
    }
    err.reset();
    try (TlsChatServer server = TlsChatServer.serving(elsewhere)) {
      String pem = TestCertificates.pem(elsewhere).toString();
      assertEquals(
          1, type("3\n", "--tls", "--port", String.valueOf(server.port()), "--trust", pem));
      assertTrue(
          errors().contains("shows a certificate for chat.elsewhere.example, not for localhost"),
          errors());
    }
  }

  @Test
  void aPlainClientOnTheTlsPortIsToldToUseTls() throws Exception {
    try (TlsChatServer server = server()) {
      assertEquals(0, type("1\n100\nsecret\n3\n", "--port", String.valueOf(server.port())));
      assertTrue(
          screen().contains("Login failed (426): this port takes TLS only: connect with TLS"),
          screen());
    }
  }

  @Test
  void aTlsClientOnAPlainPortIsToldThePortIsPlain() throws Exception {
    try (TlsChatServer server = server()) {
      int plain = server.startPlain();
      assertEquals(1, type("3\n", "--tls", "--port", String.valueOf(plain), "--trust-new"));
      assertEquals(
          "The server at localhost:"
              + plain
              + " answered in plain text, not TLS: that port does not speak TLS. Leave out --tls,"
              + " or connect to the server's TLS port.\n",
          errors());
    }
  }

  @Test
  void optionsForTlsNeedTls() {
    assertEquals(2, type("", "--trust-new"));
    assertTrue(errors().contains("--trust, --trust-new and --known-servers go with --tls"));
  }
}
