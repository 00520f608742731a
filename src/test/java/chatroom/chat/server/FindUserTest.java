package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** FindUserMes: a private-chat partner is checked when chosen. */
class FindUserTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @Test
  void aRegisteredUserIsFoundWithNameAndPresenceAndAnUnknownIdIs404() throws IOException {
    RawClient alice = chat.loggedIn(100, "Alice");
    chat.register(200, "pw-200", "Bob");

    alice.send("FindUserMes", "{\"userId\":200}");
    JsonNode bob = alice.receivePayload("FindUserResMes");
    assertEquals(200, bob.get("code").asInt());
    assertEquals("Bob", bob.get("userName").asText());
    assertEquals(false, bob.get("online").asBoolean());

    alice.send("FindUserMes", "{\"userId\":100}");
    assertEquals(true, alice.receivePayload("FindUserResMes").get("online").asBoolean());

    alice.send("FindUserMes", "{\"userId\":999}");
    JsonNode nobody = alice.receivePayload("FindUserResMes");
    assertEquals(404, nobody.get("code").asInt());
    assertEquals("nobody has the id 999", nobody.get("error").asText());
  }

  @Test
  void beforeLoginItIs401() throws IOException {
    RawClient stranger = chat.connect();
    stranger.send("FindUserMes", "{\"userId\":1}");
    assertEquals(401, stranger.receivePayload("ErrorResMes").get("code").asInt());
  }
}
