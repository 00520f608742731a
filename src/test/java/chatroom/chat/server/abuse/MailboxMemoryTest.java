package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import chatroom.testing.ServerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty full mailboxes handed over at once to clients that do not read yet, in a server with 256
 * MiB of heap (issue 10, row 6: 11 OutOfMemoryErrors, 19 of 20 logins lost, a bystander's login
 * took 10 s). The hand-over streams each mailbox a page at a time, so memory stays small, nothing
 * is lost, and a bystander chats on.
 */
class MailboxMemoryTest {
  private static final int VICTIMS = 20;

  @TempDir Path dataDir;

  private static RawClient client(int port) throws IOException {
    return new RawClient(port, ChatServerFixture.WAIT);
  }

  private static int ask(RawClient client, String type, String payload, String answer)
      throws IOException {
    client.send(type, payload);
    return client.receivePayload(answer).get("code").asInt();
  }

  @Test
  void twentyFullMailboxesAtOnceNeitherExhaustMemoryNorLoseAMessage() throws Exception {
    try (ServerProcess server =
        new ServerProcess(
            List.of("-Xmx256m"),
            "--data-dir",
            dataDir.toString(),
            "--message-rate",
            "0",
            "--stall-timeout",
            "300",
            "--unlimited-from", // one address sets up 42 users and logs 20 in at once
            "127.0.0.1")) {
      int port = server.port();
      String text = "\"".repeat(1790); // the longest text the rule allows: 7 160 bytes as sent
      int[] kept = new int[VICTIMS];
      try (RawClient setup = client(port)) {
        for (int i = 0; i < VICTIMS; i++) {
          ask(
              setup,
              "RegisterMes",
              ChatWire.register(1000 + i, "pw", "victim" + i),
              "RegisterResMes");
          ask(
              setup,
              "RegisterMes",
              ChatWire.register(2000 + i, "pw", "sender" + i),
              "RegisterResMes");
        }
        ask(setup, "RegisterMes", ChatWire.register(1, "pw", "Bystander"), "RegisterResMes");
        ask(setup, "RegisterMes", ChatWire.register(2, "pw", "Friend"), "RegisterResMes");
      }
      for (int i = 0; i < VICTIMS; i++) {
        try (RawClient sender = client(port)) {
          ask(sender, "LoginMes", ChatWire.login(2000 + i, "pw"), "LoginResMes");
          while (kept[i] < 500
              && ask(sender, "PrivateSmsMes", ChatWire.direct(1000 + i, text), "SmsResMes")
                  == 202) {
            kept[i]++;
          }
        }
      }

      List<RawClient> victims = new ArrayList<>();
      for (int i = 0; i < VICTIMS; i++) { // all log in at once, and read nothing yet
        RawClient victim = new RawClient(port, ChatServerFixture.WAIT, 8 * 1024);
        victim.send("LoginMes", ChatWire.login(1000 + i, "pw"));
        victims.add(victim);
      }

      try (RawClient bystander = client(port);
          RawClient friend = client(port)) {
        assertEquals(200, ask(bystander, "LoginMes", ChatWire.login(1, "pw"), "LoginResMes"));
        assertEquals(200, ask(friend, "LoginMes", ChatWire.login(2, "pw"), "LoginResMes"));
        friend.send("PrivateSmsMes", ChatWire.direct(1, "still here?"));
        assertEquals(200, friend.receivePayloadAfterNotices("SmsResMes").get("code").asInt());
        assertEquals("still here?", nextPrivate(bystander).get("content").asText());
      }

      for (int i = 0; i < VICTIMS; i++) {
        try (RawClient victim = victims.get(i)) {
          for (int n = 0; n < kept[i]; n++) {
            try {
              assertEquals(text, nextPrivate(victim).get("content").asText(), "victim " + i);
            } catch (IOException e) {
              throw new AssertionError(
                  "victim "
                      + i
                      + " after "
                      + n
                      + " of "
                      + kept[i]
                      + ": "
                      + e
                      + ", server "
                      + server.status()
                      + "\n"
                      + String.join("\n", server.output()),
                  e);
            }
          }
        }
      }
      assertFalse(
          server.output().stream().anyMatch(line -> line.contains("OutOfMemoryError")),
          String.join("\n", server.output()));
    }
  }

  /** The next private message, skipping the login answer and presence notices. */
  private static JsonNode nextPrivate(RawClient client) throws IOException {
    while (true) {
      JsonNode frame = client.receive();
      if ("PrivateSmsMes".equals(frame.get("type").asText())) {
        return RawClient.JSON.readTree(frame.get("data").asText());
      }
    }
  }
}
