package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Login against a real server and a real Redis. */
class LoginTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  private JsonNode login(RawClient client, int userId, String password) throws IOException {
    client.send("LoginMes", ChatWire.login(userId, password));
    return client.receivePayload("LoginResMes");
  }

  @Test
  void theRightPasswordGets200AndTheOnlineListContainsTheCaller() throws IOException {
    chat.register(100, "secret", "Alice");
    JsonNode result = login(chat.connect(), 100, "secret");
    assertEquals(200, result.get("code").asInt());
    assertEquals("[100]", result.get("UsersId").toString());
    assertEquals("", result.get("error").asText());
  }

  @Test
  void theOnlineListHasEveryoneLoggedIn() throws IOException {
    chat.loggedIn(300, "Carol");
    chat.loggedIn(100, "Alice");
    chat.register(200, "pw", "Bob");
    JsonNode result = login(chat.connect(), 200, "pw");
    assertEquals("[100,200,300]", result.get("UsersId").toString());
  }

  @Test
  void anUnknownUserGets500() throws IOException {
    JsonNode result = login(chat.connect(), 404, "whatever");
    assertEquals(500, result.get("code").asInt());
    assertEquals("user 404 is not registered", result.get("error").asText());
    assertEquals("[]", result.get("UsersId").toString());
  }

  @Test
  void aWrongPasswordGets403AndTheUserStaysOffline() throws IOException {
    chat.register(100, "secret", "Alice");
    JsonNode result = login(chat.connect(), 100, "Secret");
    assertEquals(403, result.get("code").asInt());
    assertEquals("wrong password", result.get("error").asText());
    assertEquals(0, chat.server().onlineCount());
  }

  @Test
  void anEmptyPasswordIsNoGuessAndGets422() throws IOException {
    chat.register(100, "secret", "Alice");
    JsonNode result = login(chat.connect(), 100, "");
    assertEquals(422, result.get("code").asInt());
    assertEquals("the password must be 1 to 64 characters", result.get("error").asText());
  }

  @Test
  void aSecondLoginOnTheSameConnectionGets400() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    chat.register(200, "pw", "Bob");
    JsonNode again = login(alice, 200, "pw");
    assertEquals(400, again.get("code").asInt());
    assertEquals("already logged in as 100", again.get("error").asText());
  }

  @Test
  void aFailedLoginCanBeRetriedOnTheSameConnection() throws IOException {
    chat.register(100, "secret", "Alice");
    RawClient client = chat.connect();
    assertEquals(403, login(client, 100, "nope").get("code").asInt());
    assertEquals(200, login(client, 100, "secret").get("code").asInt());
  }
}
