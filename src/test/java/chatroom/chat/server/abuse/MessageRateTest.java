package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.server.ServerOptions;
import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user who sends faster than anyone types is slowed down, not cut off and not refused (issue 10,
 * row 8: one user's 300 long messages in 0.24 s); everything still arrives, in order.
 */
class MessageRateTest {
  @RegisterExtension
  final ChatServerFixture chat =
      new ChatServerFixture(
          "--message-rate", String.valueOf(ServerOptions.DEFAULT_MESSAGE_RATE),
          "--message-burst", String.valueOf(ServerOptions.DEFAULT_MESSAGE_BURST));

  @RegisterExtension final CapturedLog log = new CapturedLog();

  @Test
  void aFloodIsSlowedToTheRateAndEveryMessageStillArrivesInOrder() throws Exception {
    RawClient reader = chat.loggedIn(100, "Reader");
    RawClient flooder = chat.loggedIn(200, "Flooder");
    reader.receivePayload("NotifyUserStatusMes");
    int count = ServerOptions.DEFAULT_MESSAGE_BURST + 10; // two seconds past the burst
    for (int i = 0; i < count; i++) {
      flooder.send("SmsMes", "{\"content\":\"line " + i + "\"}");
    }
    for (int i = 0; i < count; i++) {
      assertEquals("line " + i, reader.receivePayload("SmsMes").get("content").asText());
    }
    log.awaitContaining(ChatServerFixture.WAIT, "user 200 at", "slowed down");
  }
}
