package chatroom.chat.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed without warning ({@code kill -9}), as a separate process: its users are announced
 * offline on the other node within seconds, they can log in again at once there, and a message for
 * them meanwhile is kept, never dropped (issue 13).
 */
class NodeDeathTest {
  /**
   * The bound. What sets it is Redis: a dead node's heartbeat expires 6 s after its last
   * beat, and the others look once a second; nothing here waits for a busy CPU.
   */
  private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

  private static final List<String> OPTIONS =
      List.of("--message-rate", "0", "--unlimited-from", "127.0.0.1");

  @TempDir Path dataDir;

  private ServerProcess node(String... more) throws Exception {
    List<String> options = new ArrayList<>(OPTIONS);
    options.addAll(List.of(more));
    return new ServerProcess(List.of(), options.toArray(String[]::new));
  }

  private static int ask(RawClient client, String type, String payload, String answer)
      throws IOException {
    client.send(type, payload);
    return client.receivePayloadAfterNotices(answer).get("code").asInt();
  }

  private static RawClient loggedIn(int port, int userId) throws IOException {
    RawClient client = new RawClient(port, ChatServerFixture.WAIT);
    assertEquals(200, ask(client, "LoginMes", ChatWire.login(userId, "pw"), "LoginResMes"));
    return client;
  }

  @Test
  void aKilledNodesUsersGoOfflineElsewhereWithinSecondsAndCanComeBackAtOnce() throws Exception {
    try (ServerProcess first = node("--data-dir", dataDir.toString());
        ServerProcess second = node("--join", dataDir.toString())) {
      try (RawClient setup = new RawClient(first.port(), ChatServerFixture.WAIT)) {
        for (int id : new int[] {100, 200, 300}) {
          assertEquals(
              200,
              ask(
                  setup,
                  "RegisterMes",
                  ChatWire.register(id, "pw", "user" + id),
                  "RegisterResMes"));
        }
      }
      List<RawClient> onTheSecond =
          List.of(loggedIn(second.port(), 200), loggedIn(second.port(), 300));
      try (RawClient alice = loggedIn(first.port(), 100)) {
        awaitOnlineList(alice, "[100,200,300]");

        second.kill();
        long killed = System.nanoTime();
        // Before anyone has noticed, a message for Bob: his node does not listen any more.
        assertEquals(
            202,
            ask(alice, "PrivateSmsMes", ChatWire.direct(200, "are you there?"), "SmsResMes"),
            "kept, not dropped");
        List<Integer> wentOffline = new ArrayList<>();
        while (wentOffline.size() < 2) {
          JsonNode notice = alice.receivePayload("NotifyUserStatusMes");
          assertEquals(1, notice.get("status").asInt(), notice.toString());
          wentOffline.add(notice.get("userId").asInt());
        }
        Duration noticed = Duration.ofNanos(System.nanoTime() - killed);
        assertTrue(wentOffline.containsAll(List.of(200, 300)), wentOffline.toString());
        assertTrue(
            noticed.compareTo(NOTICED_WITHIN) <= 0,
            "noticed after " + noticed.toMillis() + " ms; the bound is " + NOTICED_WITHIN);

        try (RawClient bobAgain = loggedIn(first.port(), 200)) {
          JsonNode kept = bobAgain.receivePayloadAfterNotices("PrivateSmsMes");
          assertEquals("are you there?", kept.get("content").asText());
          awaitOnlineList(alice, "[100,200]");
        }
      } finally {
        for (RawClient client : onTheSecond) {
          client.close();
        }
      }
    }
  }

  /** Asks until the list is as expected: news of other nodes' logins comes a moment later. */
  private static void awaitOnlineList(RawClient client, String expected) throws Exception {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    String list;
    do {
      client.send("OnlineUsersMes", "{}");
      list = client.receivePayloadAfterNotices("OnlineUsersResMes").get("UsersId").toString();
      if (list.equals(expected)) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the online list stayed " + list + ", not " + expected);
  }
}
