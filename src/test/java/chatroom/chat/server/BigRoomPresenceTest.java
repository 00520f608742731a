package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence past the limit, here set to two users so that three make a "big" room: arrivals and
 * departures are no longer announced, the login answer lists only as many ids as the limit, and the
 * whole list comes a page at a time.
 */
class BigRoomPresenceTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture("--presence-limit", "2");

  private static void expectStatus(RawClient observer, int userId, int status) throws IOException {
    JsonNode notice = observer.receivePayload("NotifyUserStatusMes");
    assertEquals(userId, notice.get("userId").asInt(), notice.toString());
    assertEquals(status, notice.get("status").asInt(), notice.toString());
  }

  /** One page of the online list, asked for with {@code payload}. */
  private static JsonNode page(RawClient client, String payload) throws IOException {
    client.send("OnlineUsersMes", payload);
    return client.receivePayload("OnlineUsersResMes");
  }

  @Test
  void withinTheLimitEverythingIsAsInTheTutorial() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.connect();
    chat.register(200, "pw-200", "Bob");
    bob.send("LoginMes", ChatWire.login(200, "pw-200"));

    JsonNode answer = bob.receivePayload("LoginResMes");
    assertEquals("[100,200]", answer.get("UsersId").toString());
    assertEquals(2, answer.get("usersCount").asInt());
    assertEquals(2, answer.get("presenceLimit").asInt());
    expectStatus(alice, 200, 0);
  }

  @Test
  void pastTheLimitLoginsAndLogoutsAreNotAnnounced() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    RawClient bob = chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    RawClient carol = chat.loggedIn(300, "Carol"); // a room of three: not announced

    carol.send("LogoutMes", "{}"); // leaving a room of three: not announced either
    assertTrue(carol.closedByServer());
    bob.send("LogoutMes", "{}"); // leaving a room of two: announced
    expectStatus(alice, 200, 1); // and it is the very next thing Alice hears
  }

  @Test
  void pastTheLimitTheLoginAnswerIsCutButKeepsTheCallerAndTheCount() throws IOException {
    chat.loggedIn(100, "Alice");
    chat.loggedIn(200, "Bob");
    chat.register(300, "pw-300", "Carol");
    RawClient carol = chat.connect();
    carol.send("LoginMes", ChatWire.login(300, "pw-300"));

    JsonNode answer = carol.receivePayload("LoginResMes");
    assertEquals(200, answer.get("code").asInt());
    assertEquals("[100,300]", answer.get("UsersId").toString());
    assertEquals(3, answer.get("usersCount").asInt());
  }

  @Test
  void theWholeListComesAPageAtATime() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    chat.loggedIn(200, "Bob");
    expectStatus(alice, 200, 0);
    chat.loggedIn(300, "Carol");

    JsonNode first = page(alice, "{}");
    assertEquals("[100,200]", first.get("UsersId").toString());
    assertTrue(first.get("more").asBoolean());
    JsonNode second = page(alice, "{\"after\":200}");
    assertEquals("[300]", second.get("UsersId").toString());
    assertFalse(second.get("more").asBoolean());
    assertEquals("[]", page(alice, "{\"after\":300}").get("UsersId").toString());
  }
}
