package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.MutableClock;
import chatroom.testing.RawClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client sends cannot write the server's log, as row 9 of issue 10 did: a type name that
 * holds a forged log line and terminal escapes, 60 KB type names, a flood of refusals (280 MB of
 * log in 3 s). Client text is escaped and cut short, and refusals are logged a few at a time.
 */
class LogInjectionTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));

  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withDefaultLimits(clock);

  @RegisterExtension final CapturedLog log = new CapturedLog();

  /** The log lines about one client, by the address and port the server names it by. */
  private List<String> linesAbout(RawClient client, String address) {
    String who = "/" + address + ":" + client.localPort();
    return log.lines().stream().filter(line -> line.contains(who)).toList();
  }

  private static void sendType(RawClient client, String type) throws IOException {
    client.send(type, "{}");
  }

  @Test
  void aForgedLogLineInATypeNameStaysOnOneEscapedLine() throws IOException {
    RawClient forger = chat.connectFrom("127.0.0.2");
    String forged =
        "X'\n11:45:00.000 INFO LoginProcessor - /10.0.0.1:4242 logged in as user 1 \u001b[2J";
    sendType(forger, forged);
    assertEquals(400, forger.receivePayload("ErrorResMes").get("code").asInt());

    assertTrue(log.lines().stream().noneMatch(line -> line.startsWith("11:45:00.000")));
    assertTrue(log.lines().stream().noneMatch(line -> line.contains("\u001b")));
    List<String> refusals = linesAbout(forger, "127.0.0.2");
    assertEquals(2, refusals.size(), "one line in, one refusal: " + refusals);
    assertTrue(refusals.get(1).contains("X'\\n11:45:00.000 INFO"), refusals.get(1));
    assertTrue(refusals.get(1).contains("\\u001b[2J"), refusals.get(1));
  }

  @Test
  void aSixtyKilobyteTypeNameIsOneShortLine() throws IOException {
    RawClient client = chat.connectFrom("127.0.0.2");
    sendType(client, "T".repeat(60_000));
    String error = client.receivePayload("ErrorResMes").get("error").asText();
    assertTrue(error.length() < 300, "the answer is short too: " + error.length());

    String refusal = linesAbout(client, "127.0.0.2").get(1);
    assertTrue(refusal.length() < 300, refusal);
    assertTrue(refusal.contains("…(59900 more)"), refusal);
  }

  @Test
  void aNameWithBidiAndZeroWidthCharactersIsLoggedEscaped() throws IOException {
    RawClient client = chat.connectFrom("127.0.0.2");
    client.send("RegisterMes", ChatWire.register(7, "pw", "Eve\u202Egnp.exe\u200B"));
    assertEquals(200, client.receivePayload("RegisterResMes").get("code").asInt());
    String registered = linesAbout(client, "127.0.0.2").get(1);
    assertTrue(registered.contains("Eve\\u202egnp.exe\\u200b"), registered);
  }

  @Test
  void aFloodOfRefusalsFromOneConnectionLogsFiveLinesThenASummary() throws IOException {
    RawClient flooder = chat.connectFrom("127.0.0.2");
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    for (int i = 0; i < 2_000; i++) {
      flood.write(RawClient.frame(RawClient.envelope("Bogus" + i, "{}")));
    }
    flooder.sendBytes(flood.toByteArray());
    for (int i = 0; i < 2_000; i++) {
      flooder.receivePayload("ErrorResMes"); // every one is still answered
    }
    assertEquals(1 + 5, linesAbout(flooder, "127.0.0.2").size(), "arrival and five refusals");

    clock.advance(Duration.ofSeconds(10));
    sendType(flooder, "Bogus again");
    flooder.receivePayload("ErrorResMes");
    List<String> lines = linesAbout(flooder, "127.0.0.2");
    assertEquals(1 + 5 + 2, lines.size(), "a summary, then the new refusal: " + lines);
    assertTrue(lines.get(6).contains("1995 more refusals not logged"), lines.get(6));
  }

  @Test
  void refusalsFromManyConnectionsAreCappedOverall() throws IOException {
    List<RawClient> clients = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RawClient client = chat.connectFrom("127.0.1." + (i + 1));
      for (int j = 0; j < 5; j++) {
        sendType(client, "Bogus" + j);
      }
      clients.add(client);
    }
    for (RawClient client : clients) {
      for (int j = 0; j < 5; j++) {
        client.receivePayload("ErrorResMes");
      }
    }
    long refusals = log.lines().stream().filter(line -> line.contains("refused (400)")).count();
    assertEquals(50, refusals, "100 refusals, 50 logged");

    clock.advance(Duration.ofSeconds(10));
    sendType(clients.get(0), "Bogus again");
    clients.get(0).receivePayload("ErrorResMes");
    assertTrue(
        log.lines().stream().anyMatch(line -> line.contains("50 more refusals not logged")),
        "a summary for the whole server");
  }
}
