package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A registration flood, as row 4 of issue 10 did (160 connections looping {@code RegisterMes}: 568
 * junk accounts in 79 s, and every registration a costly hash): one address may register five users
 * at once, then one every 20 s, whatever number of connections it uses.
 */
class RegistrationFloodTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withDefaultLimits(clock);

  private static JsonNode register(RawClient client, int userId) throws IOException {
    client.send("RegisterMes", ChatWire.register(userId, "pw", "Junk " + userId));
    return client.receivePayload("RegisterResMes");
  }

  private long users() {
    return chat.redis().hlen(UserDao.USERS_KEY);
  }

  @Test
  void oneConnectionLoopingRegistrationsGetsFiveAccountsThenOneEveryTwentySeconds()
      throws IOException {
    RawClient flooder = chat.connectFrom("127.0.0.2");
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int id = 1; id <= 100; id++) {
      burst.write(
          RawClient.frame(
              RawClient.envelope("RegisterMes", ChatWire.register(id, "pw", "Junk " + id))));
    }
    flooder.sendBytes(burst.toByteArray());

    List<Integer> codes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      codes.add(flooder.receivePayload("RegisterResMes").get("code").asInt());
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 429), codes);
    assertEquals(5, users());

    // Nothing more is read from the connection until the budget has room again.
    clock.advance(Duration.ofSeconds(20));
    assertEquals(200, flooder.receivePayload("RegisterResMes").get("code").asInt());
    assertEquals(429, flooder.receivePayload("RegisterResMes").get("code").asInt());
    assertEquals(6, users());
  }

  @Test
  void manyConnectionsFromOneAddressShareItsFiveThenOneEveryTwentySeconds() throws IOException {
    List<Integer> codes = new ArrayList<>();
    JsonNode last = null;
    for (int id = 1; id <= 10; id++) {
      last = register(chat.connectFrom("127.0.0.3"), id);
      codes.add(last.get("code").asInt());
    }
    assertEquals(List.of(200, 200, 200, 200, 200, 429, 429, 429, 429, 429), codes);
    assertEquals("too many registrations; try again in 20 s", last.get("error").asText());

    clock.advance(Duration.ofSeconds(20));
    assertEquals(200, register(chat.connectFrom("127.0.0.3"), 11).get("code").asInt());
    assertEquals(429, register(chat.connectFrom("127.0.0.3"), 12).get("code").asInt());
    assertEquals(6, users());
  }

  @Test
  void anotherAddressRegistersWhileOneIsHeldBack() throws IOException {
    for (int id = 1; id <= 6; id++) {
      register(chat.connectFrom("127.0.0.4"), id);
    }
    assertEquals(200, register(chat.connectFrom("127.0.0.5"), 100).get("code").asInt());
  }

  @Test
  void anInvalidFieldCostsNothingButATakenIdDoes() throws Exception {
    chat.createUser(7, "pw", "Seven");
    RawClient client = chat.connectFrom("127.0.0.6");
    for (int i = 0; i < 10; i++) {
      client.send("RegisterMes", ChatWire.register(-1, "pw", "Nobody"));
      assertEquals(422, client.receivePayload("RegisterResMes").get("code").asInt());
    }
    for (int i = 0; i < 5; i++) { // probing ids through registration spends the budget too
      assertEquals(400, register(client, 7).get("code").asInt());
    }
    assertEquals(429, register(client, 8).get("code").asInt());
  }
}
