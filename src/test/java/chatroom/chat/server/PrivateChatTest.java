package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Private messages over real sockets, to online, offline and unknown users. */
class PrivateChatTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  private static JsonNode sendPrivate(RawClient from, int to, String content) throws IOException {
    from.send("PrivateSmsMes", ChatWire.direct(to, content));
    return from.receivePayload("SmsResMes");
  }

  @Test
  void toAnOnlineUserItIsDeliveredStampedAndTheSenderGets200() throws IOException {
    RawClient bob = chat.loggedIn(200, "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    bob.receivePayload("NotifyUserStatusMes");
    long before = System.currentTimeMillis();

    JsonNode result = sendPrivate(alice, 200, "psst");
    assertEquals(200, result.get("code").asInt());
    assertEquals(200, result.get("toUserId").asInt());

    JsonNode received = bob.receivePayload("PrivateSmsMes");
    assertEquals("psst", received.get("content").asText());
    assertEquals(100, received.get("userId").asInt());
    assertEquals("Alice", received.get("userName").asText());
    assertEquals(200, received.get("toUserId").asInt());
    assertFalse(received.get("offline").asBoolean());
    assertTrue(received.get("sentAt").asLong() >= before, received.toString());
  }

  @Test
  void aClaimedSenderIsIgnored() throws IOException {
    RawClient bob = chat.loggedIn(200, "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    bob.receivePayload("NotifyUserStatusMes");
    alice.send(
        "PrivateSmsMes",
        "{\"toUserId\":200,\"content\":\"hi\",\"userId\":1,\"userName\":\"Admin\",\"offline\":true}");
    JsonNode received = bob.receivePayload("PrivateSmsMes");
    assertEquals(100, received.get("userId").asInt());
    assertEquals("Alice", received.get("userName").asText());
    assertFalse(received.get("offline").asBoolean());
  }

  @Test
  void toARegisteredOfflineUserItIsKeptWith202() throws IOException {
    chat.register(200, "pw-200", "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    JsonNode result = sendPrivate(alice, 200, "see you later");
    assertEquals(202, result.get("code").asInt());
    assertEquals(1, chat.redis().llen(OfflineMessageDao.key(200)));
  }

  @Test
  void toAnUnknownIdItGets404() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    JsonNode result = sendPrivate(alice, 999, "anyone?");
    assertEquals(404, result.get("code").asInt());
    assertEquals("no user 999", result.get("error").asText());
    assertFalse(chat.redis().exists(OfflineMessageDao.key(999)));
  }

  @Test
  void toOneselfItGets400() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    JsonNode result = sendPrivate(alice, 100, "note to self");
    assertEquals(400, result.get("code").asInt());
    assertEquals("a private message needs another user", result.get("error").asText());
  }

  @Test
  void emptyContentGets400() throws IOException {
    chat.loggedIn(200, "Bob");
    RawClient alice = chat.loggedIn(100, "Alice");
    assertEquals(400, sendPrivate(alice, 200, "").get("code").asInt());
  }

  @Test
  void beforeLoginItGets401() throws IOException {
    RawClient stranger = chat.connect();
    stranger.send("PrivateSmsMes", ChatWire.direct(100, "hi"));
    assertEquals(401, stranger.receivePayload("ErrorResMes").get("code").asInt());
  }
}
