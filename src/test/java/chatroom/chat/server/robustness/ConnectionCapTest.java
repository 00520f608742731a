package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.ChatServer;
import chatroom.chat.server.model.RedisPool;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestRedis;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/** A server that allows three connections at once. */
class ConnectionCapTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  @Test
  void aConnectionOverTheCapIsToldTheServerIsFullAndClosedWhileTheOthersCarryOn() throws Exception {
    chat.register(100, "pw-100", "Alice");
    try (UnifiedJedis redis = RedisPool.open(TestRedis.uri());
        ChatServer capped =
            new ChatServer(ChatServerFixture.options("--max-connections", "3"), redis)) {
      int port = capped.start(0);
      RawClient alice = new RawClient(port, ChatServerFixture.WAIT);
      alice.send("LoginMes", ChatWire.login(100, "pw-100"));
      alice.receivePayload("LoginResMes");
      RawClient second = new RawClient(port, ChatServerFixture.WAIT);
      RawClient third = new RawClient(port, ChatServerFixture.WAIT);
      second.send("OnlineUsersMes", "{}"); // proves the first three are being served
      assertEquals(401, second.receivePayload("ErrorResMes").get("code").asInt());

      try (RawClient fourth = new RawClient(port, ChatServerFixture.WAIT)) {
        JsonNode refused = fourth.receivePayload("ErrorResMes");
        assertEquals(503, refused.get("code").asInt());
        assertEquals("the server is full; try later", refused.get("error").asText());
        assertTrue(fourth.closedByServer());
      }
      log.awaitContaining(ChatServerFixture.WAIT, "refused: the server is full");

      alice.send("OnlineUsersMes", "{}");
      assertEquals("[100]", alice.receivePayload("OnlineUsersResMes").get("UsersId").toString());

      third.close(); // room for one again, once the server has noticed
      log.awaitContaining(ChatServerFixture.WAIT, "/127.0.0.1:" + third.localPort() + " left");
      try (RawClient fifth = new RawClient(port, ChatServerFixture.WAIT)) {
        fifth.send("OnlineUsersMes", "{}");
        assertEquals(401, fifth.receivePayload("ErrorResMes").get("code").asInt(), "served");
      }
      alice.close();
      second.close();
    }
  }
}
