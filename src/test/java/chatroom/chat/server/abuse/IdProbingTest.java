package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Probing which user ids exist, as row 3 of issue 10 did (20 000 ids in 2 s on one connection): an
 * unknown id still gets 500 and a wrong password 403, as the Go tutorial's clients expect, but
 * every address and every connection has a budget of login attempts, spent before anything is
 * looked up.
 */
class IdProbingTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withDefaultLimits(clock);

  private static List<JsonNode> answers(RawClient client, int count) throws IOException {
    List<JsonNode> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(client.receivePayload("LoginResMes"));
    }
    return answers;
  }

  private static long withCode(List<JsonNode> answers, int code) {
    return answers.stream().filter(a -> a.get("code").asInt() == code).count();
  }

  @Test
  void oneConnectionProbesThirtyIdsThenOneEveryThreeSecondsHoweverManyItPipelines()
      throws IOException {
    RawClient prober = chat.connectFrom("127.0.0.2");
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int id = 1; id <= 1_000; id++) {
      burst.write(RawClient.frame(RawClient.envelope("LoginMes", ChatWire.login(id, "x"))));
    }
    prober.sendBytes(burst.toByteArray());

    List<JsonNode> answers = answers(prober, 31);
    assertEquals(30, withCode(answers, 500), "answered before the budget ran out");
    JsonNode refused = answers.get(30);
    assertEquals(429, refused.get("code").asInt());
    assertEquals("too many login attempts; try again in 3 s", refused.get("error").asText());

    // Nothing more is read from the connection until the budget has room again.
    clock.advance(Duration.ofSeconds(3));
    assertEquals(500, prober.receivePayload("LoginResMes").get("code").asInt(), "probe 32");
    assertEquals(429, prober.receivePayload("LoginResMes").get("code").asInt(), "probe 33");
  }

  @Test
  void connectionsFromOneAddressShareItsBudgetAndOtherAddressesHaveTheirOwn() throws IOException {
    List<RawClient> probers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      RawClient prober = chat.connectFrom("127.0.0.3");
      prober.send("LoginMes", ChatWire.login(1_000 + i, "x"));
      probers.add(prober);
    }
    List<JsonNode> answers = new ArrayList<>();
    for (RawClient prober : probers) {
      answers.add(prober.receivePayload("LoginResMes"));
    }
    assertEquals(30, withCode(answers, 500));
    assertEquals(10, withCode(answers, 429));

    RawClient elsewhere = chat.connectFrom("127.0.0.4");
    elsewhere.send("LoginMes", ChatWire.login(2_000, "x"));
    assertEquals(500, elsewhere.receivePayload("LoginResMes").get("code").asInt());
  }

  @Test
  void successfulLoginsSpendNothingSoAClassroomBehindOneAddressGetsIn() throws Exception {
    for (int id = 1; id <= 40; id++) {
      chat.createUser(id, "pw-" + id, "Pupil " + id);
    }
    for (int id = 1; id <= 40; id++) {
      RawClient pupil = chat.connectFrom("127.0.0.5");
      pupil.send("LoginMes", ChatWire.login(id, "pw-" + id));
      assertEquals(200, pupil.receivePayload("LoginResMes").get("code").asInt(), "user " + id);
    }
  }
}
