package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Offline mail has bounds no sender can push past (issue 10, row 5: one account wrote 500 messages
 * of 4 KiB to each of ten users, 143.6 MB in Redis, with no bound): per recipient and per sender,
 * in messages and in bytes, and for the whole server; and it is kept compactly.
 */
class OfflineStorageTest {
  /** Every byte held in Redis lists: where mail is kept, whatever the keys are called. */
  static long bytesInLists(UnifiedJedis redis) {
    long bytes = 0;
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = redis.scan(cursor, new ScanParams().count(1000), "list");
      for (String key : page.getResult()) {
        for (String entry : redis.lrange(key, 0, -1)) {
          bytes += entry.getBytes(StandardCharsets.UTF_8).length;
        }
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return bytes;
  }

  /** Sends {@code text} privately to {@code to} until refused; returns the refusal. */
  static JsonNode sendUntilRefused(RawClient sender, int to, String text, int atMost)
      throws IOException {
    for (int i = 0; i < atMost; i++) {
      sender.send("PrivateSmsMes", ChatWire.direct(to, text));
      JsonNode answer = sender.receivePayloadAfterNotices("SmsResMes");
      if (answer.get("code").asInt() != 202) {
        return answer;
      }
    }
    return null;
  }

  @Nested
  class WithTheDefaults {
    @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

    @Test
    void oneSenderCannotFillTheStoreByWritingToManyOfflineUsers() throws IOException {
      RawClient attacker = chat.loggedIn(1, "Attacker");
      for (int user = 100; user < 110; user++) {
        chat.register(user, "pw", "user" + user);
      }
      String text = "a".repeat(4096);
      JsonNode refused = null;
      for (int user = 100; user < 110; user++) {
        JsonNode answer = sendUntilRefused(attacker, user, text, 500);
        refused = answer != null ? answer : refused;
      }
      assertTrue(refused != null, "the sender was refused at some point");
      assertEquals(429, refused.get("code").asInt(), refused.toString());
      long stored = bytesInLists(chat.redis());
      assertTrue(stored <= 1_100_000, stored + " bytes kept for one sender: at most about 1 MiB");
    }

    @Test
    void aMessageIsKeptInAboutItsOwnSizeWithoutEscapes() throws IOException {
      RawClient alice = chat.loggedIn(1, "Alice");
      chat.register(2, "pw", "Bob");
      String quotes = "\"\\".repeat(750); // 1 500 characters that JSON escapes
      alice.send("PrivateSmsMes", ChatWire.direct(2, quotes));
      assertEquals(202, alice.receivePayloadAfterNotices("SmsResMes").get("code").asInt());
      long stored = bytesInLists(chat.redis());
      assertTrue(stored < 1500 + 200, stored + " bytes for a 1 500-byte message");
    }
  }

  @Nested
  class WithASmallServerWideBound {
    @RegisterExtension
    final ChatServerFixture chat = new ChatServerFixture("--offline-total-bytes", "100000");

    @Test
    void whenTheWholeStoreIsFullEveryoneIsRefusedWith429AndNothingOld() throws IOException {
      RawClient alice = chat.loggedIn(1, "Alice");
      RawClient bob = chat.loggedIn(2, "Bob");
      chat.register(100, "pw", "Carol");
      chat.register(200, "pw", "Dan");
      String text = "b".repeat(4000);
      JsonNode aliceRefused = sendUntilRefused(alice, 100, text, 40); // 100 000 bytes: ~24 kept
      JsonNode bobRefused = sendUntilRefused(bob, 200, text, 1);
      assertEquals(429, aliceRefused.get("code").asInt());
      assertEquals(429, bobRefused.get("code").asInt());
      assertTrue(bobRefused.get("error").asText().contains("full"), bobRefused.toString());
      assertTrue(bytesInLists(chat.redis()) <= 100_000);
    }
  }
}
