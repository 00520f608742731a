package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.SmsResMes;
import chatroom.support.tls.ClientTls;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.TlsChatServer;
import chatroom.testing.TlsChatServer.Heard;
import chatroom.testing.WebSocketClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same chat inside TLS: console clients on the TLS port, a browser's WebSocket over wss, the
 * page over https, and a Go tutorial client on the unencrypted port, all in one room. Nothing but
 * the transport changed, so every answer is the one the plain tests expect.
 */
class TlsChatTest {
  /** One data directory for the class: the certificate is made once and kept, as in production. */
  @TempDir static Path data;

  @TempDir Path directory;

  private static void register(TlsChatServer server, ClientTls tls, int userId, String name)
      throws Exception {
    try (ChatSession session = ChatSession.connect(tls.connect(server.address()), new Heard())) {
      assertTrue(session.register(userId, "pw-" + userId, name).registered());
    }
  }

  @Test
  void twoConsoleClientsChatOverTls() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      ClientTls tls = server.pinned(directory);
      register(server, tls, 100, "Alice");
      register(server, tls, 200, "Bob");
      Heard aliceHears = new Heard();
      Heard bobHears = new Heard();
      ChatSession alice = server.connect(tls, aliceHears);
      ChatSession bob = server.connect(tls, bobHears);

      assertEquals(200, alice.login(100, "pw-100").code());
      assertEquals(List.of(100, 200), bob.login(200, "pw-200").usersId());
      assertEquals(
          "NotifyUserStatusMes NotifyUserStatusMes[userId=200, status=0]", aliceHears.next());
      bob.sendToAll("hello through the tunnel");
      assertTrue(aliceHears.next().contains("content=hello through the tunnel, userId=200"));
      assertEquals(new SmsResMes(200, "", 200), alice.sendTo(200, "just for you"));
      assertTrue(bobHears.next().contains("content=just for you"));
      bob.logout();
      assertEquals(
          "NotifyUserStatusMes NotifyUserStatusMes[userId=200, status=1]", aliceHears.next());
      assertTrue(bob.awaitClosed(ChatServerFixture.WAIT), "the server hung up after the logout");
    }
  }

  @Test
  void aBrowserOverWssAndAConsoleClientShareTheRoom() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      server.startWeb();
      ClientTls tls = server.pinned(directory);
      register(server, tls, 100, "Console");
      register(server, tls, 300, "Browser");
      Heard consoleHears = new Heard();
      ChatSession console = server.connect(tls, consoleHears);
      console.login(100, "pw-100");

      HttpClient https = HttpClient.newBuilder().sslContext(tls.context()).build();
      String origin = "https://localhost:" + server.webPort();
      URI chat = URI.create("wss://localhost:" + server.webPort() + "/chat");
      try (WebSocketClient browser = WebSocketClient.connect(chat, https, origin)) {
        browser.send("LoginMes", WebSocketClient.login(300, "pw-300"));
        assertEquals(200, browser.receivePayload("LoginResMes").get("code").asInt());
        assertTrue(consoleHears.next().contains("userId=300, status=0"));

        browser.send("SmsMes", ChatWire.group("from the browser"));
        assertTrue(consoleHears.next().contains("content=from the browser, userId=300"));
        console.sendToAll("from the terminal");
        JsonNode heard = browser.receivePayload("SmsMes");
        assertEquals("from the terminal", heard.get("content").asText());
        assertEquals(100, heard.get("userId").asInt());
      }

      // Over https the page's own origin is https://..., so a page served over http is a stranger.
      WebSocketHandshakeException refused =
          assertThrows(
              WebSocketHandshakeException.class,
              () -> WebSocketClient.connect(chat, https, "http://localhost:" + server.webPort()));
      assertEquals(403, refused.getResponse().statusCode());
    }
  }

  @Test
  void thePageComesOverHttpsAndPlainHttpIsSentThere() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      server.startWeb();
      ClientTls tls = server.pinned(directory);
      HttpClient https = HttpClient.newBuilder().sslContext(tls.context()).build();
      HttpResponse<String> page =
          https.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + server.webPort() + "/"))
                  .timeout(ChatServerFixture.WAIT)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("chat.js"), "the page itself");
      SSLSession session = page.sslSession().orElseThrow();
      assertEquals("TLSv1.3", session.getProtocol());

      HttpResponse<String> plain =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + server.webPort() + "/index.html?x=1"))
                      .timeout(ChatServerFixture.WAIT)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(302, plain.statusCode(), "a temporary redirect, which no browser keeps");
      assertEquals(
          "https://localhost:" + server.webPort() + "/index.html?x=1",
          plain.headers().firstValue("Location").orElseThrow());
    }
  }

  @Test
  void aGoTutorialClientOnThePlainPortChatsWithATlsUser() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(data)) {
      int plainPort = server.startPlain();
      ClientTls tls = server.pinned(directory);
      register(server, tls, 100, "Secure");
      try (GoTutorialClient tutorial = new GoTutorialClient(plainPort)) {
        assertEquals(200, tutorial.register(200, "pw-200", "Tutorial").code());
        Heard secureHears = new Heard();
        ChatSession secure = server.connect(tls, secureHears);
        secure.login(100, "pw-100");
        assertEquals(200, tutorial.login(200, "pw-200").code());
        assertTrue(secureHears.next().contains("userId=200, status=0"));

        tutorial.sendGroup("hi from the Go client");
        assertTrue(secureHears.next().contains("content=hi from the Go client, userId=200"));
        secure.sendToAll("hi from inside TLS");
        assertEquals(100, tutorial.awaitGroupMessage("hi from inside TLS").userId());
      }
    }
  }
}
