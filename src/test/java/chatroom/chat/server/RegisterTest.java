package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Registration against a real server and a real Redis. */
class RegisterTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @Test
  void aNewUserIsRegisteredWith200AndStoredInTheUsersHash() throws IOException {
    JsonNode result = chat.register(100, "secret", "  Alice ");
    assertEquals(200, result.get("code").asInt());
    assertEquals("", result.get("error").asText());

    JsonNode stored = RawClient.JSON.readTree(chat.redis().hget(UserDao.USERS_KEY, "100"));
    assertEquals(100, stored.get("userId").asInt());
    assertEquals("Alice", stored.get("userName").asText(), "the name is stored trimmed");
  }

  @Test
  void theUsersHashHoldsNoClearTextPassword() throws IOException {
    chat.register(100, "correct horse battery staple", "Alice");
    Map<String, String> users = chat.redis().hgetAll(UserDao.USERS_KEY);
    String value = users.get("100");
    assertFalse(value.contains("correct horse"), value);
    JsonNode stored = RawClient.JSON.readTree(value);
    assertFalse(stored.has("userPwd"), "no password field at all: " + value);
    assertTrue(stored.get("passwordHash").asText().startsWith("pbkdf2-sha256$"), value);
  }

  @Test
  void aTakenIdGets400AndKeepsTheFirstUser() throws IOException {
    chat.register(100, "first", "Alice");
    JsonNode second = chat.register(100, "second", "Mallory");
    assertEquals(400, second.get("code").asInt());
    assertEquals("user id 100 is taken", second.get("error").asText());
    assertTrue(chat.redis().hget(UserDao.USERS_KEY, "100").contains("Alice"));
  }

  @ParameterizedTest(name = "id {0}, password \"{1}\", name \"{2}\": {3}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "0    | pw | Ann | the user id must be a positive number",
        "-5   | pw | Ann | the user id must be a positive number",
        "7    | '' | Ann | the password must be 1 to 64 characters",
        "7    | pw | ''  | the name must be 1 to 32 characters",
        "7    | pw | '   ' | the name must be 1 to 32 characters",
        "7    | pw | 'Ann\u001b[2J' | the name must not contain control characters",
      })
  void anInvalidFieldGets422AndStoresNothing(int id, String password, String name, String error)
      throws IOException {
    JsonNode result = chat.register(id, password, name);
    assertEquals(422, result.get("code").asInt());
    assertEquals(error, result.get("error").asText());
    assertEquals(0, chat.redis().hlen(UserDao.USERS_KEY));
  }

  @Test
  void lengthLimitsCountCharactersNotBytes() throws IOException {
    assertEquals(200, chat.register(1, "é".repeat(64), "ü".repeat(32)).get("code").asInt());
    assertEquals(422, chat.register(2, "é".repeat(65), "Bob").get("code").asInt());
    assertEquals(422, chat.register(3, "pw", "ü".repeat(33)).get("code").asInt());
  }

  @Test
  void ofManyConcurrentRegistrationsOfOneIdExactlyOneWins() throws Exception {
    int racers = 16;
    CyclicBarrier start = new CyclicBarrier(racers);
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      List<Future<Integer>> codes = new ArrayList<>();
      for (int r = 0; r < racers; r++) {
        String name = "racer" + r;
        codes.add(
            pool.submit(
                () -> {
                  try (RawClient client = new RawClient(chat.port(), ChatServerFixture.WAIT)) {
                    start.await();
                    client.send("RegisterMes", ChatWire.register(42, "pw", name));
                    return client.receivePayload("RegisterResMes").get("code").asInt();
                  }
                }));
      }
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> code : codes) {
        results.add(code.get(30, TimeUnit.SECONDS));
      }
      assertEquals(1, results.stream().filter(c -> c == 200).count(), results.toString());
      assertEquals(racers - 1, results.stream().filter(c -> c == 400).count(), results.toString());
    } finally {
      pool.shutdownNow();
    }
  }
}
