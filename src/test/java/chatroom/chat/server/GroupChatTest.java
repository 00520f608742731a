package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.RedisPool;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** Group chat over real sockets: fan-out, stamping, and receivers that do not keep up. */
class GroupChatTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  /**
   * Skips the presence notices of a run of logins. A login is announced by its own reader right
   * after its answer, so once the last user's reader has answered another request, every
   * announcement is queued; a round trip by each client then passes all of them. Counting notices
   * would not do: a login in flight with the previous one's announcement can hear of it once more.
   */
  private static void settle(List<RawClient> clients) throws IOException {
    List<RawClient> lastFirst = new ArrayList<>(clients);
    lastFirst.add(0, clients.get(clients.size() - 1));
    for (RawClient client : lastFirst) {
      client.send("OnlineUsersMes", "{}");
      while (!"OnlineUsersResMes".equals(client.receive().get("type").asText())) {
        // a presence notice
      }
    }
  }

  @Test
  void aGroupMessageReachesEveryoneButTheSender() throws IOException {
    int n = 20;
    List<RawClient> clients = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      clients.add(chat.loggedIn(id, "user" + id));
    }
    settle(clients);

    RawClient sender = clients.get(6);
    sender.send("SmsMes", "{\"content\":\"hello, all\"}");
    for (RawClient receiver : clients) {
      if (receiver == sender) {
        continue;
      }
      JsonNode message = receiver.receivePayload("SmsMes");
      assertEquals("hello, all", message.get("content").asText());
      assertEquals(7, message.get("userId").asInt());
      assertEquals("user7", message.get("userName").asText());
    }
    sender.send("OnlineUsersMes", "{}");
    assertEquals(
        n, sender.receivePayload("OnlineUsersResMes").get("UsersId").size(), "no echo first");
  }

  @Test
  void aClaimedSenderIsReplacedByTheSessionsUserAndNoPasswordTravels() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient mallory = chat.loggedIn(666, "Mallory");
    alice.receivePayload("NotifyUserStatusMes");

    mallory.send(
        "SmsMes",
        "{\"content\":\"I am the admin\",\"userId\":1,\"userName\":\"Admin\",\"userPwd\":\"secret\"}");
    JsonNode received = alice.receivePayload("SmsMes");
    assertEquals(666, received.get("userId").asInt());
    assertEquals("Mallory", received.get("userName").asText());
    assertEquals("", received.get("userPwd").asText());
  }

  @Test
  void anEmptyOrOverlongMessageGets400AndReachesNobody() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    alice.receivePayload("NotifyUserStatusMes");

    bob.send("SmsMes", "{\"content\":\"   \"}");
    assertEquals(400, bob.receivePayload("ErrorResMes").get("code").asInt());
    bob.send("SmsMes", "{\"content\":\"" + "x".repeat(4097) + "\"}");
    assertEquals(
        "the message is longer than 4096 characters",
        bob.receivePayload("ErrorResMes").get("error").asText());
    bob.send("SmsMes", "{\"content\":\"fine\"}");
    assertEquals(
        "fine", alice.receivePayload("SmsMes").get("content").asText(), "nothing before it");
  }

  @Test
  void aStalledReceiverDoesNotHoldBackAFastOneAndIsDisconnected() throws Exception {
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer small =
            new ChatServer(ChatServerFixture.options("--outbox-bytes", "65536"), redis)) {
      int port = small.start(0);
      chat.register(1, "pw-1", "Sender");
      chat.register(2, "pw-2", "Fast");
      chat.register(3, "pw-3", "Stalled");
      RawClient sender = login(port, 1);
      RawClient fast = login(port, 2);
      Socket stalled = new Socket(); // never reads: its buffers fill, then the server's queue
      stalled.setReceiveBufferSize(4096);
      stalled.connect(new InetSocketAddress("localhost", port));
      stalled
          .getOutputStream()
          .write(
              RawClient.frame(
                  RawClient.envelope("LoginMes", chatroom.testing.ChatWire.login(3, "pw-3"))));
      sender.receivePayload("NotifyUserStatusMes");
      sender.receivePayload("NotifyUserStatusMes");
      fast.receivePayload("NotifyUserStatusMes");

      // The fast receiver reads each message as it comes; the stalled one reads nothing.
      int messages = 5000;
      String text = "y".repeat(1000);
      List<String> notices = new ArrayList<>();
      int next = 0;
      for (int sent = 0; next < messages || notices.isEmpty(); ) {
        if (sent < messages) {
          sender.send("SmsMes", "{\"content\":\"" + sent++ + " " + text + "\"}");
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
      log.awaitContaining(ChatServerFixture.WAIT, "user 3", "left: not reading");
      stalled.close();
    }
  }

  private static RawClient login(int port, int id) throws IOException {
    RawClient client = new RawClient(port, ChatServerFixture.WAIT);
    client.send("LoginMes", chatroom.testing.ChatWire.login(id, "pw-" + id));
    assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
    return client;
  }
}
