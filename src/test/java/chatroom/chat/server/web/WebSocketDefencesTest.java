package chatroom.chat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.ChatServer;
import chatroom.chat.server.model.RedisPool;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.RawWebSocket;
import chatroom.testing.TestRedis;
import chatroom.testing.WebSocketClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * The server's defences (docs/server-defences.md) hold over WebSocket as over TCP: bad messages,
 * binary and oversized ones, pages from other sites, the connection cap, the login time limit and a
 * client that stops reading.
 */
class WebSocketDefencesTest {
  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withWeb();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  @Test
  void aBadMessageGetsItsCodeAndTheSocketStaysUsable() throws Exception {
    WebSocketClient web = chat.webSocket();
    web.sendText("this is not JSON");
    assertEquals(400, web.receivePayload("ErrorResMes").get("code").asInt());
    web.sendText("{\"type\":\"LoginMes\",\"data\":\"{\\\"userId\\\":\\\"oops\\\"}\"}");
    assertEquals(400, web.receivePayload("ErrorResMes").get("code").asInt(), "wrong shape");
    web.send("ShoutMes", "{}");
    assertEquals(400, web.receivePayload("ErrorResMes").get("code").asInt(), "unknown type");
    web.send("LoginResMes", "{}");
    assertEquals(400, web.receivePayload("ErrorResMes").get("code").asInt(), "server's type");
    web.send("SmsMes", ChatWire.group("hello?"));
    assertEquals(401, web.receivePayload("ErrorResMes").get("code").asInt(), "before login");

    web.send("RegisterMes", ChatWire.register(100, "pw", "Alice"));
    assertEquals(200, web.receivePayload("RegisterResMes").get("code").asInt(), "still usable");
  }

  @Test
  void aBinaryMessageIsRefusedWithWebSocketsCodeForDataItCannotTake() throws Exception {
    WebSocketClient web = chat.webLoggedIn(100, "Alice");
    web.sendBinary(new byte[] {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'});
    WebSocketClient.Closed closed = web.awaitClosed();
    assertEquals(1003, closed.code());
    assertEquals("the chat takes text messages only", closed.reason());
    log.awaitContaining(ChatServerFixture.WAIT, "user 100", "left: sent a binary message");
  }

  @Test
  void aMessageOverTheFrameLimitIsRefusedWithTheCodeForTooBig() throws Exception {
    WebSocketClient web = chat.webLoggedIn(100, "Alice");
    String huge = ChatWire.group("x".repeat(70_000)); // over the 64 KiB --max-frame
    web.send("SmsMes", huge);
    assertEquals(1009, web.awaitClosed().code());
    log.awaitContaining(ChatServerFixture.WAIT, "user 100", "left: sent a message over the");
  }

  @Test
  void aPageFromAnotherSiteCannotOpenTheChat() throws Exception {
    for (String stranger : List.of("http://evil.example", "null", "https://localhost:1")) {
      WebSocketHandshakeException refused =
          assertThrows(
              WebSocketHandshakeException.class,
              () -> WebSocketClient.connect(chat.webPort(), stranger),
              stranger);
      assertEquals(403, refused.getResponse().statusCode(), stranger);
    }
    log.awaitContaining(ChatServerFixture.WAIT, "refused: a page from 'http://evil.example'");

    String own = "http://localhost:" + chat.webPort();
    try (WebSocketClient page = WebSocketClient.connect(chat.webPort(), own)) {
      page.send("OnlineUsersMes", "{}");
      assertEquals(401, page.receivePayload("ErrorResMes").get("code").asInt(), "let in");
    }
  }

  @Test
  void anOriginGivenWithWebOriginIsLetIn() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer server =
            new ChatServer(
                ChatServerFixture.options("--web-origin", "https://Chat.Example.org"), redis)) {
      int webPort = server.startWeb(0);
      try (WebSocketClient page = WebSocketClient.connect(webPort, "https://chat.example.org")) {
        page.send("OnlineUsersMes", "{}");
        assertEquals(401, page.receivePayload("ErrorResMes").get("code").asInt());
      }
      assertThrows(
          WebSocketHandshakeException.class,
          () -> WebSocketClient.connect(webPort, "https://chat.example.org.evil.example"));
    }
  }

  @Test
  void tcpAndWebSocketConnectionsShareOneCap() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer capped =
            new ChatServer(ChatServerFixture.options("--max-connections", "2"), redis)) {
      int port = capped.start(0);
      int webPort = capped.startWeb(0);
      RawClient tcp = new RawClient(port, ChatServerFixture.WAIT);
      WebSocketClient web = WebSocketClient.connect(webPort, null);
      web.send("OnlineUsersMes", "{}"); // both are being served
      assertEquals(401, web.receivePayload("ErrorResMes").get("code").asInt());
      tcp.send("OnlineUsersMes", "{}");
      assertEquals(401, tcp.receivePayload("ErrorResMes").get("code").asInt());

      try (WebSocketClient third = WebSocketClient.connect(webPort, null)) {
        JsonNode full = third.receivePayload("ErrorResMes");
        assertEquals(503, full.get("code").asInt());
        assertEquals("the server is full; try later", full.get("error").asText());
        assertEquals(1013, third.awaitClosed().code(), "1013: try again later");
      }
      try (RawClient fourth = new RawClient(port, ChatServerFixture.WAIT)) {
        assertEquals(503, fourth.receivePayload("ErrorResMes").get("code").asInt());
      }

      web.close(); // room for one again: the departure is logged once the slot is free
      log.awaitContaining(ChatServerFixture.WAIT, "(WebSocket) left");
      try (RawClient fifth = new RawClient(port, ChatServerFixture.WAIT)) {
        fifth.send("OnlineUsersMes", "{}");
        assertEquals(401, fifth.receivePayload("ErrorResMes").get("code").asInt(), "served");
      }
      tcp.close();
    }
  }

  @Test
  void aSocketThatNeverLogsInIsClosedAtTheLoginTimeout() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer server =
            new ChatServer(ChatServerFixture.options("--login-timeout", "1"), redis)) {
      int webPort = server.startWeb(0);
      try (WebSocketClient silent = WebSocketClient.connect(webPort, null)) {
        assertEquals(1001, silent.awaitClosed().code(), "1001: going away");
      }
      log.awaitContaining(ChatServerFixture.WAIT, "(WebSocket) left: timed out: silent for 1 s");
    }
  }

  @Test
  void aBrowserThatStopsReadingIsCutOffAtTheOutboxLimitWhileOthersGetEverything() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer small =
            new ChatServer(ChatServerFixture.options("--outbox-bytes", "65536"), redis)) {
      int port = small.start(0);
      int webPort = small.startWeb(0);
      chat.register(1, "pw-1", "Sender");
      chat.register(2, "pw-2", "Fast");
      chat.register(3, "pw-3", "Stalled");
      RawClient sender = login(port, 1);
      RawClient fast = login(port, 2);
      // A WebSocket that logs in and then never reads: its buffers fill, then its outbox.
      RawWebSocket stalled = RawWebSocket.connect(webPort, null, ChatServerFixture.WAIT, 4096);
      stalled.sendText(RawClient.envelope("LoginMes", WebSocketClient.login(3, "pw-3")));
      sender.receivePayload("NotifyUserStatusMes");
      sender.receivePayload("NotifyUserStatusMes");
      fast.receivePayload("NotifyUserStatusMes");

      int messages = 5000;
      String text = "y".repeat(1000);
      List<String> notices = new ArrayList<>();
      int next = 0;
      for (int sent = 0; next < messages || notices.isEmpty(); ) {
        if (sent < messages) {
          sender.send("SmsMes", ChatWire.group(sent++ + " " + text));
        }
        JsonNode frame = fast.receive();
        JsonNode payload = RawClient.JSON.readTree(frame.get("data").asText());
        if (frame.get("type").asText().equals("SmsMes")) {
          assertTrue(payload.get("content").asText().startsWith(next + " "), "in order, none lost");
          next++;
        } else {
          notices.add(frame.get("type").asText() + " " + payload);
        }
      }
      assertEquals(List.of("NotifyUserStatusMes {\"userId\":3,\"status\":1}"), notices);
      log.awaitContaining(ChatServerFixture.WAIT, "user 3", "(WebSocket) left: not reading");
      stalled.close();
    }
  }

  @Test
  void thePageIsServedWithRulesThatKeepOtherSitesOut() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + chat.webPort() + "/")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("<script src=\"chat.js\""), page.body());
    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(policy.contains("frame-ancestors 'none'"), policy);
    assertTrue(page.headers().firstValue("Server").isEmpty(), "no server version");

    HttpResponse<String> missing =
        http.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + chat.webPort() + "/nope.js"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }

  private static RawClient login(int port, int userId) throws IOException {
    RawClient client = new RawClient(port, ChatServerFixture.WAIT);
    client.send("LoginMes", ChatWire.login(userId, "pw-" + userId));
    assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
    return client;
  }
}
