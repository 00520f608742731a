package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.TestThreads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Online users and presence notices, over real sockets. */
class PresenceTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();
  @RegisterExtension final CapturedLog log = new CapturedLog();

  private static void expectStatus(RawClient observer, int userId, int status) throws IOException {
    JsonNode notice = observer.receivePayload("NotifyUserStatusMes");
    assertEquals(userId, notice.get("userId").asInt(), notice.toString());
    assertEquals(status, notice.get("status").asInt(), notice.toString());
  }

  private static String onlineList(RawClient client) throws IOException {
    client.send("OnlineUsersMes", "{}");
    return client.receivePayload("OnlineUsersResMes").get("UsersId").toString();
  }

  @Test
  void aLoginIsAnnouncedToEveryOtherOnlineUser() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    chat.loggedIn(300, "Carol");
    expectStatus(alice, 300, 0);
    expectStatus(bob, 300, 0);
  }

  @Test
  void loginsInFlightTogetherHearOfEachOtherExactlyOnce() throws Exception {
    int n = 40;
    for (int id = 1; id <= n; id++) {
      chat.register(id, "pw-" + id, "user" + id);
    }
    List<RawClient> clients = new ArrayList<>();
    for (int id = 1; id <= n; id++) {
      clients.add(chat.connect());
    }
    List<CompletableFuture<List<Integer>>> heard = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    for (int i = 0; i < n; i++) {
      RawClient client = clients.get(i);
      int id = i + 1;
      heard.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  client.send("LoginMes", ChatWire.login(id, "pw-" + id));
                  List<Integer> seen = new ArrayList<>();
                  client
                      .receivePayload("LoginResMes")
                      .get("UsersId")
                      .forEach(u -> seen.add(u.asInt()));
                  while (seen.size() < n) { // the rest must come as notices, each once
                    seen.add(client.receivePayload("NotifyUserStatusMes").get("userId").asInt());
                  }
                  return seen;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              },
              TestThreads.NEW_THREAD));
    }
    go.countDown(); // all at once
    for (int i = 0; i < n; i++) {
      List<Integer> seen = heard.get(i).get(ChatServerFixture.WAIT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(n, new HashSet<>(seen).size(), "user " + (i + 1) + " heard of " + seen);
    }
    for (RawClient client : clients) { // and nothing more: the next frame answers a request
      client.send("OnlineUsersMes", "{}");
      assertEquals(n, client.receivePayload("OnlineUsersResMes").get("UsersId").size());
    }
  }

  @Test
  void theCallerHearsNoNoticeAboutItself() throws IOException {
    chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    assertEquals("[100,200]", onlineList(bob), "Bob's next frame is this answer, no notice");
  }

  @Test
  void onlineUsersMesAnswersTheCurrentList() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    assertEquals("[100]", onlineList(alice));
    chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    assertEquals("[100,200]", onlineList(alice));
  }

  @Test
  void logoutIsAnnouncedAndClosesTheConnection() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    bob.send("LogoutMes", "{}");
    expectStatus(alice, 200, 1);
    assertTrue(bob.closedByServer());
    assertEquals("[100]", onlineList(alice));
  }

  /** Found in a test's log: a logout was logged as "connection lost: Socket closed". */
  @Test
  void aLogoutIsLoggedAsOneAndNotAsALostConnection() throws Exception {
    RawClient bob = chat.loggedIn(200, "Bob");
    bob.send("LogoutMes", "{}");
    assertTrue(bob.closedByServer());
    String left = log.awaitContaining(ChatServerFixture.WAIT, "(user 200)", " left: ");
    assertTrue(left.endsWith(" left: logged out (user 200)"), left);
  }

  @Test
  void anAbruptDisconnectIsAnnouncedAsOffline() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    bob.resetConnection(); // a crashed client: no logout, just a TCP reset
    expectStatus(alice, 200, 1);
    assertEquals("[100]", onlineList(alice));
  }

  @Test
  void aClientThatSimplyClosesIsAnnouncedAsOffline() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    bob.close();
    expectStatus(alice, 200, 1);
  }

  @Test
  void aNewLoginReplacesTheOldSessionWith409AndNoOfflineNotice() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient oldBob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);

    RawClient newBob = chat.connect();
    newBob.send("LoginMes", ChatWire.login(200, "pw-200"));
    JsonNode result = newBob.receivePayload("LoginResMes");
    assertEquals(200, result.get("code").asInt());
    assertEquals("[100,200]", result.get("UsersId").toString());

    JsonNode replaced = oldBob.receivePayload("ErrorResMes");
    assertEquals(409, replaced.get("code").asInt());
    assertTrue(oldBob.closedByServer());

    // Carol's arrival is the next thing Alice hears: nothing about Bob came in between.
    chat.loggedIn(300, "Carol");
    expectStatus(alice, 300, 0);
    assertEquals("[100,200,300]", onlineList(alice));

    newBob.send("SmsMes", ChatWire.group("still me"));
    assertEquals("still me", alice.receivePayload("SmsMes").get("content").asText());
  }

  @Test
  void aSessionThatNeverLoggedInLeavesWithoutANotice() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    try (Socket stranger = new Socket("localhost", chat.port())) {
      stranger.getOutputStream().write(RawClient.frame(RawClient.envelope("OnlineUsersMes", "{}")));
    }
    chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
  }
}
