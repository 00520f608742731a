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
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;

/**
 * Clients that send too slowly, say nothing, or send without reading, against a server with short
 * limits: a frame must arrive within 1 s of its first byte, a connection must log in within 2 s,
 * and at most 64 KiB may wait for any client.
 */
class SlowAndGreedyClientsTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  private UnifiedJedis redis;
  private ChatServer strict;
  private int port;
  private RawClient alice;
  private RawClient bob;

  @BeforeEach
  void start() throws IOException {
    redis = RedisPool.open(TestRedis.uri());
    strict =
        new ChatServer(
            ChatServerFixture.options(
                "--frame-timeout", "1", "--login-timeout", "2", "--outbox-bytes", "65536"),
            redis);
    port = strict.start(0);
    chat.register(100, "pw-100", "Alice");
    chat.register(200, "pw-200", "Bob");
    chat.register(300, "pw-300", "Greedy");
    alice = login(100);
    bob = login(200);
    alice.receivePayload("NotifyUserStatusMes");
  }

  @AfterEach
  void stop() throws IOException {
    alice.close();
    bob.close();
    strict.close();
    redis.close();
  }

  private RawClient login(int id) throws IOException {
    RawClient client = new RawClient(port, ChatServerFixture.WAIT);
    client.send("LoginMes", ChatWire.login(id, "pw-" + id));
    assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
    return client;
  }

  /** Alice and Bob still chat; status notices about others on the way are passed over. */
  private void bystandersChat(String text) throws IOException {
    alice.send("SmsMes", ChatWire.group(text));
    while (true) {
      var frame = bob.receive();
      if (!frame.get("type").asText().equals("NotifyUserStatusMes")) {
        assertEquals("SmsMes", frame.get("type").asText());
        assertEquals(
            text, RawClient.JSON.readTree(frame.get("data").asText()).get("content").asText());
        return;
      }
    }
  }

  @Test
  void halfAHeaderThenSilenceIsClosedWhileOthersChatOn() throws Exception {
    try (RawClient stalled = new RawClient(port, ChatServerFixture.WAIT)) {
      stalled.sendBytes(new byte[] {0, 0});
      bystandersChat("not held up"); // answered at once, while the stalled frame waits
      assertTrue(stalled.closedByServer(), "closed by the frame time limit");
      log.awaitContaining(ChatServerFixture.WAIT, "no complete frame within 1 s");
    }
  }

  @Test
  void aFrameTrickledOneByteAtATimeIsClosedAtTheFrameLimit() throws Exception {
    byte[] frame = RawClient.frame(RawClient.envelope("LoginMes", ChatWire.login(100, "x")));
    try (Socket trickle = new Socket("localhost", port)) {
      trickle.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
      OutputStream out = trickle.getOutputStream();
      int sent = 0;
      try {
        // Each byte is prompt; only the frame as a whole is too slow. The server must notice.
        while (sent < frame.length) {
          out.write(frame[sent++]);
          out.flush();
          assertEquals(-1, readOrTimeoutAfter(trickle, 200), "nothing comes back meanwhile");
        }
      } catch (IOException closedByServer) {
        // the server hung up while we were still trickling: that is the point
      }
      assertTrue(sent < frame.length, "closed before the trickled frame was complete");
    }
    log.awaitContaining(ChatServerFixture.WAIT, "no complete frame within 1 s");
  }

  /** Reads one byte, waiting at most {@code millis}; -1 if none came in time. */
  private static int readOrTimeoutAfter(Socket socket, int millis) throws IOException {
    int before = socket.getSoTimeout();
    socket.setSoTimeout(millis);
    try {
      int b = socket.getInputStream().read();
      if (b < 0) {
        throw new IOException("closed by the server");
      }
      return b;
    } catch (java.net.SocketTimeoutException quiet) {
      return -1;
    } finally {
      socket.setSoTimeout(before);
    }
  }

  @Test
  void aConnectionThatNeverLogsInIsClosedButALoggedInIdleOneIsNot() throws Exception {
    try (RawClient silent = new RawClient(port, ChatServerFixture.WAIT)) {
      assertTrue(silent.closedByServer(), "closed by the login time limit");
    }
    log.awaitContaining(ChatServerFixture.WAIT, "silent for 2 s");
    // Alice and Bob were just as quiet all that time, but they are logged in.
    alice.send("OnlineUsersMes", "{}");
    assertEquals("[100,200]", alice.receivePayload("OnlineUsersResMes").get("UsersId").toString());
  }

  @Test
  void aClientThatSendsWithoutReadingIsCutOffAtTheOutboxLimit() throws Exception {
    try (RawClient greedy = login(300)) {
      byte[] ask = RawClient.frame(RawClient.envelope("OnlineUsersMes", "{}"));
      try {
        for (int i = 0; i < 200_000; i++) { // never reads a single answer
          greedy.sendBytes(ask);
        }
      } catch (IOException cutOff) {
        // the server disconnected it: its queue of unread answers reached the limit
      }
      log.awaitContaining(ChatServerFixture.WAIT, "user 300", "left: not reading");
    }
    bystandersChat("unaffected");
  }
}
