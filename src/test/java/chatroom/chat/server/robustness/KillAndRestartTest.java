package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat server as a real process, killed without warning ({@code kill -9}) and started again on
 * the same data directory: every user and every kept message is still there.
 */
class KillAndRestartTest {
  @TempDir Path dataDir;

  private ServerProcess start() throws Exception {
    return new ServerProcess(List.of(), "--data-dir", dataDir.toString());
  }

  private static int ask(RawClient client, String type, String payload, String answer)
      throws IOException {
    client.send(type, payload);
    return client.receivePayload(answer).get("code").asInt();
  }

  @Test
  void usersAndKeptMessagesSurviveAKillAndARestart() throws Exception {
    try (ServerProcess first = start()) {
      try (RawClient alice = new RawClient(first.port(), ChatServerFixture.WAIT)) {
        assertEquals(
            200,
            ask(alice, "RegisterMes", ChatWire.register(100, "pw-a", "Alice"), "RegisterResMes"));
        assertEquals(
            200,
            ask(alice, "RegisterMes", ChatWire.register(200, "pw-b", "Bob"), "RegisterResMes"));
        assertEquals(200, ask(alice, "LoginMes", ChatWire.login(100, "pw-a"), "LoginResMes"));
        for (String text : List.of("first", "second")) {
          assertEquals(202, ask(alice, "PrivateSmsMes", ChatWire.direct(200, text), "SmsResMes"));
        }
      }
      first.kill();
    }
    long orphan = Long.parseLong(Files.readString(dataDir.resolve("redis.pid")).strip());
    assertTrue(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false), "left running");

    try (ServerProcess second = start()) {
      second.awaitLine(Pattern.compile("left running by a server that was killed"));
      try (RawClient bob = new RawClient(second.port(), ChatServerFixture.WAIT)) {
        bob.send("LoginMes", ChatWire.login(200, "pw-b"));
        bob.send("OnlineUsersMes", "{}");
        assertEquals(200, bob.receivePayload("LoginResMes").get("code").asInt());
        assertEquals("first", bob.receivePayload("PrivateSmsMes").get("content").asText());
        assertEquals("second", bob.receivePayload("PrivateSmsMes").get("content").asText());
        bob.receivePayload("OnlineUsersResMes");
      }
      try (RawClient alice = new RawClient(second.port(), ChatServerFixture.WAIT)) {
        assertEquals(200, ask(alice, "LoginMes", ChatWire.login(100, "pw-a"), "LoginResMes"));
      }
    }
    assertFalse(ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
    assertFalse(Files.exists(dataDir.resolve("redis.pid")), "and the new Redis stopped cleanly");
  }
}
