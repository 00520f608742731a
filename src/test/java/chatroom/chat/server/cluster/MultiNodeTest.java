package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.ChatNodes;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * Two chat servers on one Redis are one chat (issue 13): group messages, private messages, mail
 * kept for later, presence, online lists and a second login all work across them, as on one.
 */
class MultiNodeTest {
  @RegisterExtension final ChatNodes nodes = new ChatNodes();

  @BeforeEach
  void twoNodes() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri())) {
      redis.flushAll();
    }
    nodes.start(RedisPool.Location.of(TestRedis.uri()), 2);
  }

  /** The next frame of {@code type}, passing over presence notices. */
  private static JsonNode next(RawClient client, String type) throws IOException {
    return client.receivePayloadAfterNotices(type);
  }

  /** Waits until {@code observer} hears that {@code userId} has the status {@code status}. */
  private static void hears(RawClient observer, int userId, int status) throws IOException {
    while (true) {
      JsonNode notice = observer.receivePayload("NotifyUserStatusMes");
      if (notice.get("userId").asInt() == userId && notice.get("status").asInt() == status) {
        return;
      }
    }
  }

  @Test
  void aLoginOnOneNodeIsAnnouncedOnTheOtherAndListsCoverBoth() throws IOException {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    nodes.register(1, 200, "Bob");
    RawClient bob = nodes.connect(1);
    bob.send("LoginMes", ChatWire.login(200, "pw-200"));
    assertEquals("[100,200]", bob.receivePayload("LoginResMes").get("UsersId").toString());
    hears(alice, 200, 0);

    alice.send("OnlineUsersMes", "{}");
    assertEquals("[100,200]", next(alice, "OnlineUsersResMes").get("UsersId").toString());
    alice.send("FindUserMes", "{\"userId\":200}");
    assertTrue(next(alice, "FindUserResMes").get("online").asBoolean(), "online on the other");

    bob.send("LogoutMes", "{}");
    hears(alice, 200, 1);
    alice.send("OnlineUsersMes", "{}");
    assertEquals("[100]", next(alice, "OnlineUsersResMes").get("UsersId").toString());
  }

  @Test
  void aGroupMessageReachesEveryoneOnEveryNode() throws IOException {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    RawClient carol = nodes.loggedIn(0, 300, "Carol");
    RawClient bob = nodes.loggedIn(1, 200, "Bob");
    hears(alice, 200, 0);

    alice.send("SmsMes", ChatWire.group("hello, both servers"));
    for (RawClient receiver : List.of(bob, carol)) {
      JsonNode message = next(receiver, "SmsMes");
      assertEquals("hello, both servers", message.get("content").asText());
      assertEquals(100, message.get("userId").asInt());
      assertEquals("Alice", message.get("userName").asText());
    }
  }

  @Test
  void aPrivateMessageGoesToTheRecipientsNodeAndIsAnsweredAsOnOne() throws IOException {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    RawClient bob = nodes.loggedIn(1, 200, "Bob");
    nodes.register(1, 300, "Dan");

    alice.send("PrivateSmsMes", ChatWire.direct(200, "over there"));
    assertEquals(200, next(alice, "SmsResMes").get("code").asInt(), "delivered on node 1");
    JsonNode got = next(bob, "PrivateSmsMes");
    assertEquals("over there", got.get("content").asText());
    assertEquals("Alice", got.get("userName").asText());

    alice.send("PrivateSmsMes", ChatWire.direct(300, "for later"));
    assertEquals(202, next(alice, "SmsResMes").get("code").asInt(), "Dan is offline");
    RawClient dan = nodes.logIn(1, 300);
    JsonNode kept = next(dan, "PrivateSmsMes");
    assertEquals("for later", kept.get("content").asText());
    assertTrue(kept.get("offline").asBoolean());
  }

  @Test
  void aLoginOnAnotherNodeReplacesTheOldSessionWith409AndNobodyHearsItWentOffline()
      throws IOException {
    RawClient watcher = nodes.loggedIn(1, 900, "Watcher");
    RawClient first = nodes.loggedIn(0, 100, "Alice");
    hears(watcher, 100, 0);

    RawClient second = nodes.logIn(1, 100);
    JsonNode replaced = first.receivePayloadAfterNotices("ErrorResMes");
    assertEquals(409, replaced.get("code").asInt());
    assertTrue(first.closedByServer(), "the old session is closed");

    watcher.send("OnlineUsersMes", "{}");
    JsonNode next = watcher.receive(); // no notice first: Alice never went offline
    assertEquals("OnlineUsersResMes", next.get("type").asText(), next.toString());
    second.send("PrivateSmsMes", ChatWire.direct(900, "still me"));
    assertEquals(200, next(second, "SmsResMes").get("code").asInt());
  }

  @Test
  void aThousandMessagesFromOneSenderArriveInOrderOnTheOtherNode() throws IOException {
    RawClient alice = nodes.loggedIn(0, 100, "Alice");
    RawClient bob = nodes.loggedIn(1, 200, "Bob");
    hears(alice, 200, 0);
    int count = 1000;
    for (int i = 0; i < count; i++) {
      alice.send("PrivateSmsMes", ChatWire.direct(200, "private " + i));
      alice.send("SmsMes", ChatWire.group("group " + i));
    }
    List<String> privates = new ArrayList<>();
    List<String> groups = new ArrayList<>();
    while (privates.size() < count || groups.size() < count) {
      JsonNode frame = bob.receive();
      String text = RawClient.JSON.readTree(frame.get("data").asText()).path("content").asText();
      switch (frame.get("type").asText()) {
        case "PrivateSmsMes" -> privates.add(text);
        case "SmsMes" -> groups.add(text);
        default -> {}
      }
    }
    for (int i = 0; i < count; i++) {
      assertEquals("private " + i, privates.get(i));
      assertEquals("group " + i, groups.get(i));
    }
    for (int i = 0; i < count; i++) {
      assertEquals(200, next(alice, "SmsResMes").get("code").asInt());
    }
  }
}
