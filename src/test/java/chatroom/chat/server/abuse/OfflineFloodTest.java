package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mailbox filled while its owner was away cannot knock its owner off (issue 10, row 1): the
 * hand-over at login is paced like any other traffic, however much waits, and never trips the limit
 * that cuts clients that do not read.
 */
class OfflineFloodTest {
  /** A small outbox, so that a full mailbox is several times what may wait for one client. */
  @RegisterExtension
  final ChatServerFixture chat = new ChatServerFixture("--outbox-bytes", "131072");

  @RegisterExtension final CapturedLog log = new CapturedLog();

  @Test
  void aFullMailboxIsHandedOverWithoutCuttingItsOwnerAndLiveMessagesFollowInOrder()
      throws Exception {
    chat.register(100, "pw-100", "Victim");
    RawClient attacker = chat.loggedIn(200, "Attacker");
    String text = "w".repeat(4090);
    int kept = 0;
    for (int i = 0; i < 500; i++) {
      attacker.send("PrivateSmsMes", ChatWire.direct(100, i + " " + text));
      int code = attacker.receivePayloadAfterNotices("SmsResMes").get("code").asInt();
      if (code != 202) {
        assertEquals(429, code, "the mailbox is full");
        break;
      }
      kept++;
    }
    assertTrue(kept * 4096 > 2 * 131072, kept + " messages kept: more than the outbox holds");

    RawClient victim = chat.logIn(chat.connect(), 100);
    attacker.send("PrivateSmsMes", ChatWire.direct(100, "and one more, live"));
    List<String> got = new ArrayList<>();
    while (got.size() < kept + 1) {
      JsonNode frame = victim.receive();
      if ("PrivateSmsMes".equals(frame.get("type").asText())) {
        got.add(RawClient.JSON.readTree(frame.get("data").asText()).get("content").asText());
      }
    }
    for (int i = 0; i < kept; i++) {
      assertEquals(i + " " + text, got.get(i), "message " + i + " in order");
    }
    assertEquals("and one more, live", got.get(kept), "the live message comes after them");
    int code = attacker.receivePayloadAfterNotices("SmsResMes").get("code").asInt();
    // 200 if it went straight out, 202 if it came while the kept mail was being handed over
    assertTrue(code == 200 || code == 202, "the honest sender is not refused: " + code);
    assertFalse(log.lines().stream().anyMatch(l -> l.contains("not reading")), "nobody was cut");
    // Each is removed just after it is written, so the client may read the last one first.
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (chat.redis().llen(OfflineMessageDao.key(100)) > 0) {
      assertTrue(System.nanoTime() < deadline, "every message handed over leaves the store");
      Thread.onSpinWait();
    }
  }
}
