package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guessing one user's password, as rows 2 and 3 of issue 10 did: guesses count before the costly
 * hash, a burst cannot lengthen the lockout, the lockout holds only the guesser's address, and
 * empty passwords are no guesses at all.
 */
class PasswordGuessingTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withDefaultLimits(clock);

  @BeforeEach
  void alice() throws Exception {
    chat.createUser(100, "right", "Alice");
  }

  private static JsonNode login(RawClient client, int userId, String password) throws IOException {
    client.send("LoginMes", ChatWire.login(userId, password));
    return client.receivePayload("LoginResMes");
  }

  /**
   * Sends one guess on each of {@code count} connections from {@code address}, the last of them
   * {@code last}, then reads every answer.
   */
  private List<JsonNode> guessInParallel(String address, int count, String last)
      throws IOException {
    List<RawClient> guessers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      guessers.add(chat.connectFrom(address));
    }
    for (int i = 0; i < count; i++) { // every guess is on its way before the first is answered
      guessers.get(i).send("LoginMes", ChatWire.login(100, i == count - 1 ? last : "guess" + i));
    }
    List<JsonNode> answers = new ArrayList<>();
    for (RawClient guesser : guessers) {
      answers.add(guesser.receivePayload("LoginResMes"));
    }
    return answers;
  }

  @Test
  void fortyParallelGuessesReachTheHashAtMostFiveTimesAndLockForThirtySecondsOnly()
      throws IOException {
    List<JsonNode> answers = guessInParallel("127.0.0.2", 40, "wrong");

    long checked = answers.stream().filter(a -> a.get("code").asInt() == 403).count();
    assertTrue(checked <= 5, "at most five guesses were checked: " + answers);
    for (JsonNode answer : answers) { // the others were refused at once: too many, or busy
      assertTrue(List.of(403, 429, 503).contains(answer.get("code").asInt()), answer.toString());
    }
    clock.advance(Duration.ofSeconds(3)); // the address may try once more, and is still locked
    JsonNode after = login(chat.connectFrom("127.0.0.2"), 100, "right");
    assertEquals(429, after.get("code").asInt());
    assertEquals("too many wrong passwords; try again in 27 s", after.get("error").asText());
  }

  @Test
  void fiveWrongPasswordsLockTheGuessersAddressOutButNotTheOwners() throws IOException {
    List<JsonNode> answers = guessInParallel("127.0.0.2", 5, "wrong");
    assertEquals(5, answers.stream().filter(a -> a.get("code").asInt() == 403).count());

    assertEquals(429, login(chat.connectFrom("127.0.0.2"), 100, "right").get("code").asInt());
    assertEquals(200, login(chat.connectFrom("127.0.0.3"), 100, "right").get("code").asInt());
  }

  @Test
  void theLockOpensAfterThirtySecondsAndTheNextFailureDoublesIt() throws IOException {
    guessInParallel("127.0.0.2", 5, "wrong");
    RawClient guesser = chat.connectFrom("127.0.0.2");
    assertEquals(429, login(guesser, 100, "right").get("code").asInt());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(403, login(guesser, 100, "again").get("code").asInt());
    JsonNode locked = login(guesser, 100, "right");
    assertEquals("too many wrong passwords; try again in 60 s", locked.get("error").asText());
  }

  @Test
  void emptyPasswordsAreRefusedWithoutCountingSoTheyLockNobodyOut() throws IOException {
    RawClient prankster = chat.connectFrom("127.0.0.2");
    for (int i = 0; i < 20; i++) { // pipelined, as in the attack
      prankster.send("LoginMes", ChatWire.login(100, ""));
    }
    for (int i = 0; i < 20; i++) {
      JsonNode answer = prankster.receivePayload("LoginResMes");
      assertEquals(422, answer.get("code").asInt());
      assertEquals("the password must be 1 to 64 characters", answer.get("error").asText());
    }
    assertEquals(200, login(prankster, 100, "right").get("code").asInt());
  }

  @Test
  void aWrongPasswordIsAnsweredOnlyAfterTheDelayOneAtATime() throws IOException {
    RawClient guesser = chat.connectFrom("127.0.0.2");
    // Real time, on purpose: the delay exists to cost a guesser real time. Only a lower bound is
    // checked, and a sleeping server can never answer early, so this cannot fail by chance.
    long start = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      guesser.send("LoginMes", ChatWire.login(100, "guess" + i));
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(403, guesser.receivePayload("LoginResMes").get("code").asInt());
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(took.compareTo(Duration.ofSeconds(3)) >= 0, "three wrong guesses took " + took);
  }
}
