package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.LoginResMes;
import chatroom.support.ServerAddress;
import chatroom.support.tls.ClientTls;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.OldTlsClient;
import chatroom.testing.RawClient;
import chatroom.testing.TestThreads;
import chatroom.testing.TlsChatServer;
import chatroom.testing.TlsChatServer.Heard;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What TLS changes at the door: a client speaking the wrong protocol on either port is told so in
 * words it can read, and the server logs one line; and the defences of the plain port (time limits,
 * the connection cap, cutting a reader that stopped) hold inside TLS too.
 */
class TlsDefencesTest {
  @TempDir static Path data;

  @TempDir Path directory;

  @RegisterExtension final CapturedLog log = new CapturedLog();

  @AfterEach
  void theLogStayedReadable() {
    for (String line : log.lines()) {
      assertTrue(!line.startsWith("\t") && !line.startsWith("Caused by"), "a stack trace: " + line);
      assertTrue(!line.contains(" ERROR "), "an error was logged: " + line);
    }
  }

  private static void register(TlsChatServer server, ClientTls tls, int userId) throws Exception {
    try (ChatSession session = ChatSession.connect(tls.connect(server.address()), new Heard())) {
      assertTrue(session.register(userId, "pw-" + userId, "User " + userId).registered());
    }
  }

  @Test
  void aPlainClientOnTheTlsPortIsToldToUseTlsInAnAnswerItCanRead() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      try (RawClient plain = new RawClient(server.port(), ChatServerFixture.WAIT)) {
        plain.send("LoginMes", ChatWire.login(100, "pw-100"));
        JsonNode answer = plain.receivePayload("ErrorResMes");
        assertEquals(426, answer.get("code").asInt());
        assertTrue(answer.get("error").asText().startsWith("this port takes TLS only"));
        assertTrue(plain.closedByServerAfterDraining(), "and then the server hung up");
      }
      log.awaitContaining(
          ChatServerFixture.WAIT, "left: spoke plain TCP to the TLS port, and was told to use TLS");

      try (ChatSession ours = ChatSession.connect("localhost", server.port(), new Heard())) {
        LoginResMes refused = ours.login(100, "pw-100");
        assertEquals(426, refused.code());
        assertTrue(refused.error().contains("connect with TLS (ChatClient --tls)"));
      }
      try (GoTutorialClient tutorial = new GoTutorialClient(server.port())) {
        GoTutorialClient.Answer answer = tutorial.login(100, "pw-100");
        assertEquals(
            426, answer.code(), "a tutorial client reads the code and error of any answer");
        assertTrue(answer.error().startsWith("this port takes TLS only"));
      }
    }
  }

  @Test
  void aTlsClientOnThePlainPortIsToldThePortIsPlain() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      int plainPort = server.startPlain();
      ClientTls tls = server.pinned(directory);
      ServerAddress plain = new ServerAddress("localhost", plainPort);
      SSLException failed = assertThrows(SSLException.class, () -> tls.connect(plain).close());
      String said = ClientTls.explain(failed, plain).orElseThrow();
      assertEquals(
          "The server at localhost:"
              + plainPort
              + " answered in plain text, not TLS: that port does not speak TLS. Leave out --tls,"
              + " or connect to the server's TLS port.",
          said);
      log.awaitContaining(
          ChatServerFixture.WAIT,
          "left: sent a bad frame: TLS, not a frame: one side speaks TLS and the other does not");
    }
  }

  @Test
  void aClientThatOffersOnlyTls11IsRefusedAtTheHandshakeWithOneLogLine() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      byte[] answer = OldTlsClient.offerTls11(server.port());
      assertTrue(
          OldTlsClient.isProtocolVersionAlert(answer),
          "a fatal protocol_version alert, not " + Arrays.toString(answer));
      log.awaitContaining(
          ChatServerFixture.WAIT,
          " left: TLS failed: Client requested protocol TLSv1.1 is not enabled or supported in"
              + " server context");
    }
  }

  @Test
  void aConnectionThatNeverLogsInIsClosedAtTheLoginTimeoutWithOrWithoutAHandshake()
      throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data, "--login-timeout", "1")) {
      try (Socket silent = new Socket("localhost", server.port())) {
        silent.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
        assertEquals(-1, silent.getInputStream().read(), "closed by the server");
        log.awaitContaining(
            ChatServerFixture.WAIT,
            ":" + silent.getLocalPort() + " left: timed out: silent for 1 s");
      }
      try (SSLSocket shookHands = server.pinned(directory).connect(server.address())) {
        shookHands.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
        assertEquals(-1, shookHands.getInputStream().read(), "closed by the server");
        log.awaitContaining(
            ChatServerFixture.WAIT,
            ":" + shookHands.getLocalPort() + " left: timed out: silent for 1 s");
      }
    }
  }

  @Test
  void aFullServerHangsUpBeforeAnyHandshake() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data, "--max-connections", "1")) {
      ClientTls tls = server.pinned(directory);
      try (SSLSocket first = tls.connect(server.address())) {
        assertTrue(first.isConnected(), "the one connection the server holds");
        IOException refused =
            assertThrows(IOException.class, () -> tls.connect(server.address()).close());
        String said = ClientTls.explain(refused, server.address()).orElseThrow();
        assertTrue(said.contains("closed the connection during the TLS handshake"), said);
        assertTrue(said.contains("it may be full"), said);
        log.awaitContaining(ChatServerFixture.WAIT, "refused: the server is full");
      }
    }
  }

  /**
   * TLS says goodbye with a record written under the lock a stuck write holds, so closing a
   * connection whose reader stopped could wait for ever, and with it whoever closed it: here the
   * sender, whose thread cuts the stalled reader. The server closes TCP under TLS instead.
   */
  @Test
  void aReaderThatStopsReadingIsCutAndNobodyWaitsForIt() throws Exception {
    int count = 2000;
    try (TlsChatServer server = TlsChatServer.inDataDir(data, "--stall-timeout", "1")) {
      ClientTls tls = server.pinned(directory);
      register(server, tls, 100);
      register(server, tls, 200);
      register(server, tls, 300);
      try (SSLSocket stalled = stalledReader(server, tls, 100)) {
        Heard readerHears = new Heard();
        server.connect(tls, readerHears).login(200, "pw-200");
        ChatSession sender = server.connect(tls, new Heard());
        sender.login(300, "pw-300");

        String text = "y".repeat(4000);
        CompletableFuture<Void> sending =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    for (int i = 0; i < count; i++) { // 8 MB: far more than the stalled one holds
                      sender.sendToAll(text);
                    }
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                },
                TestThreads.NEW_THREAD);
        int got = 0;
        while (got < count) {
          if (readerHears.next().startsWith("SmsMes")) {
            got++;
          }
        }
        sending.get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
        log.awaitContaining(ChatServerFixture.WAIT, "(user 100)", "left: not reading");
        assertTrue(stalled.isConnected());
      }
    }
  }

  /** A TLS client on a slow line (4 KiB receive buffer) that logs in and then reads nothing. */
  private static SSLSocket stalledReader(TlsChatServer server, ClientTls tls, int userId)
      throws IOException {
    Socket tcp = new Socket();
    tcp.setReceiveBufferSize(4 * 1024); // before connecting, so the window is small
    tcp.connect(new InetSocketAddress("localhost", server.port()));
    SSLSocket stalled =
        (SSLSocket) tls.socketFactory().createSocket(tcp, "localhost", server.port(), true);
    stalled.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
    stalled
        .getOutputStream()
        .write(
            RawClient.frame(
                RawClient.envelope("LoginMes", ChatWire.login(userId, "pw-" + userId))));
    DataInputStream in = new DataInputStream(stalled.getInputStream());
    byte[] answer = new byte[in.readInt()];
    in.readFully(answer);
    assertTrue(new String(answer, StandardCharsets.UTF_8).contains("LoginResMes"));
    return stalled;
  }
}
