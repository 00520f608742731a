package chatroom.chat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.SmsMes;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.WebSocketClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every feature over WebSocket, as the web page uses it, driven by the JDK's own WebSocket client
 * against a real server and Redis: one envelope per text message, the same processors as TCP.
 */
class WebSocketChatTest {
  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withWeb();

  @Test
  void aBrowserUserRegistersLogsInAndIsOfferedEveryFeature() throws Exception {
    WebSocketClient web = chat.webSocket();
    web.send("RegisterMes", ChatWire.register(100, "secret", "Alice"));
    assertEquals(200, web.receivePayload("RegisterResMes").get("code").asInt());
    web.send("RegisterMes", ChatWire.register(100, "secret", "Alice"));
    assertEquals(400, web.receivePayload("RegisterResMes").get("code").asInt(), "id taken");

    web.send("LoginMes", WebSocketClient.login(100, "wrong"));
    assertEquals(403, web.receivePayload("LoginResMes").get("code").asInt());
    web.send("LoginMes", WebSocketClient.login(100, "secret"));
    JsonNode answer = web.receivePayload("LoginResMes");
    assertEquals(200, answer.get("code").asInt());
    assertEquals("[100]", answer.get("UsersId").toString());
    assertEquals(
        List.of(WebSocketClient.PAGE_FEATURES),
        RawClient.JSON.convertValue(answer.get("features"), List.class));
  }

  @Test
  void browserUsersSeeEachOtherComeAndGoAndALogoutClosesTheSocketCleanly() throws Exception {
    WebSocketClient alice = chat.webLoggedIn(100, "Alice");
    WebSocketClient bob = chat.webLoggedIn(200, "Bob");
    assertEquals(
        "{\"userId\":200,\"status\":0}", alice.receivePayload("NotifyUserStatusMes").toString());

    bob.send("OnlineUsersMes", "{}");
    assertEquals("[100,200]", bob.receivePayload("OnlineUsersResMes").get("UsersId").toString());

    bob.send("LogoutMes", "{}");
    assertEquals(1000, bob.awaitClosed().code(), "a clean close after a logout");
    assertEquals(
        "{\"userId\":200,\"status\":1}", alice.receivePayload("NotifyUserStatusMes").toString());
  }

  @Test
  void browserConsoleAndTutorialUsersShareOneRoom() throws Exception {
    WebSocketClient browser = chat.webLoggedIn(100, "Alice");
    RawClient tutorial = chat.loggedIn(200, "Bob"); // a Go tutorial client's frames
    browser.receivePayload("NotifyUserStatusMes");
    chat.register(300, "pw-300", "Carol");
    BlockingQueue<Object> console = new LinkedBlockingQueue<>();
    try (ChatSession carol =
        ChatSession.connect(
            "localhost",
            chat.port(),
            new ChatSession.Listener() {
              @Override
              public void onPush(MessageType type, Object payload) {
                console.add(payload);
              }

              @Override
              public void onClosed(String reason) {
                console.add(reason);
              }
            })) {
      assertEquals(200, carol.login(300, "pw-300").code());
      browser.receivePayload("NotifyUserStatusMes");
      tutorial.receivePayload("NotifyUserStatusMes");

      browser.send("SmsMes", ChatWire.group("hello from the browser"));
      JsonNode heard = tutorial.receivePayload("SmsMes");
      assertEquals("hello from the browser", heard.get("content").asText());
      assertEquals("Alice", heard.get("userName").asText());
      assertEquals(
          new SmsMes("hello from the browser", 100, "", "Alice"),
          console.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS));

      tutorial.send("SmsMes", ChatWire.group("hello from a terminal"));
      assertEquals(
          "hello from a terminal", browser.receivePayload("SmsMes").get("content").asText());
      carol.sendToAll("hello from the console");
      JsonNode fromConsole = browser.receivePayload("SmsMes");
      assertEquals("hello from the console", fromConsole.get("content").asText());
      assertEquals(300, fromConsole.get("userId").asInt());

      assertEquals(200, carol.sendTo(100, "just for you").code());
      JsonNode direct = browser.receivePayload("PrivateSmsMes");
      assertEquals("just for you", direct.get("content").asText());
      assertEquals("Carol", direct.get("userName").asText());
      browser.send("PrivateSmsMes", ChatWire.direct(300, "thanks"));
      assertEquals(200, browser.receivePayload("SmsResMes").get("code").asInt());
    }
  }

  @Test
  void privateMessagesAreDeliveredKeptOrRefusedWithTheirCodes() throws Exception {
    WebSocketClient alice = chat.webLoggedIn(100, "Alice");
    chat.register(200, "pw-200", "Bob");

    alice.send("FindUserMes", "{\"userId\":200}");
    JsonNode found = alice.receivePayload("FindUserResMes");
    assertEquals(200, found.get("code").asInt());
    assertEquals("Bob", found.get("userName").asText());
    assertFalse(found.get("online").asBoolean());
    alice.send("FindUserMes", "{\"userId\":999}");
    assertEquals(404, alice.receivePayload("FindUserResMes").get("code").asInt());

    alice.send("PrivateSmsMes", ChatWire.direct(200, "while you were away"));
    assertEquals(202, alice.receivePayload("SmsResMes").get("code").asInt());
    alice.send("PrivateSmsMes", ChatWire.direct(999, "nobody"));
    assertEquals(404, alice.receivePayload("SmsResMes").get("code").asInt());
    alice.send("PrivateSmsMes", ChatWire.direct(200, ""));
    assertEquals(400, alice.receivePayload("SmsResMes").get("code").asInt(), "empty text");

    WebSocketClient bob = chat.webSocket();
    bob.send("LoginMes", WebSocketClient.login(200, "pw-200"));
    assertEquals(200, bob.receivePayload("LoginResMes").get("code").asInt());
    JsonNode kept = bob.receivePayload("PrivateSmsMes");
    assertEquals("while you were away", kept.get("content").asText());
    assertTrue(kept.get("offline").asBoolean(), "handed over at login");
    assertEquals("Alice", kept.get("userName").asText());

    alice.receivePayload("NotifyUserStatusMes");
    alice.send("PrivateSmsMes", ChatWire.direct(200, "now you are here"));
    assertEquals(200, alice.receivePayload("SmsResMes").get("code").asInt());
    assertFalse(bob.receivePayload("PrivateSmsMes").get("offline").asBoolean());
  }

  @Test
  void messagesFromOneSocketAreHandledInTheOrderSent() throws Exception {
    WebSocketClient sender = chat.webLoggedIn(100, "Alice");
    RawClient reader = chat.loggedIn(200, "Bob");
    sender.receivePayload("NotifyUserStatusMes");
    for (int i = 0; i < 300; i++) {
      sender.send("SmsMes", ChatWire.group("line " + i));
    }
    for (int i = 0; i < 300; i++) {
      assertEquals("line " + i, reader.receivePayload("SmsMes").get("content").asText());
    }
  }
}
