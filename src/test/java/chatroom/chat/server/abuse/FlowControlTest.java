package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.CapturedLog;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import chatroom.testing.TestThreads;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flow control, not disconnection, for readers that read (issue 10, row 8 and the flood measured
 * with the load generator): a sender who outpaces the room is slowed, a receiver that reads is
 * never cut, and one that stops reading is cut without holding the others back for long.
 */
class FlowControlTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture("--stall-timeout", "5");
  @RegisterExtension final CapturedLog log = new CapturedLog();

  /**
   * Messages of 4 KiB in the burst: 8 MB, more than the server's and the kernel's buffers hold
   * between a flat-out sender and a reader on a slow line.
   */
  private static final int COUNT = 2000;

  /** Reads {@code count} group messages, pausing after each as a slow machine would. */
  private static CompletableFuture<List<String>> readSlowly(RawClient reader, int count) {
    return CompletableFuture.supplyAsync(
        () -> {
          List<String> got = new ArrayList<>();
          try {
            while (got.size() < count) {
              JsonNode frame = reader.receive();
              if ("SmsMes".equals(frame.get("type").asText())) {
                got.add(
                    RawClient.JSON.readTree(frame.get("data").asText()).get("content").asText());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // a slow reader, reading
              }
            }
          } catch (IOException e) {
            got.add("cut off after " + got.size() + ": " + e);
          }
          return got;
        },
        TestThreads.NEW_THREAD);
  }

  @Test
  void aBurstOfLongMessagesReachesASlowReaderThatKeepsReading() throws Exception {
    chat.register(100, "pw-100", "Reader");
    RawClient reader = chat.logIn(chat.connectWithReceiveBuffer(32 * 1024), 100);
    RawClient flooder = chat.loggedIn(200, "Flooder");
    reader.receivePayload("NotifyUserStatusMes");
    CompletableFuture<List<String>> received = readSlowly(reader, COUNT);

    String text = "x".repeat(4090);
    for (int i = 0; i < COUNT; i++) {
      flooder.send("SmsMes", "{\"content\":\"" + i + " " + text + "\"}");
    }

    List<String> got = received.get(60, TimeUnit.SECONDS);
    assertEquals(COUNT, got.size(), "the reader got every message: " + last(got));
    for (int i = 0; i < COUNT; i++) {
      assertEquals(i + " " + text, got.get(i));
    }
    assertFalse(log.lines().stream().anyMatch(l -> l.contains("not reading")), "nobody was cut");
  }

  @Test
  void fourSendersFlatOutLoseNothingAndCutNoReader() throws Exception {
    int readers = 40;
    int perSender = 800; // 3 200 messages of 1 KB for each reader: more than any buffer holds
    List<RawClient> room = new ArrayList<>();
    for (int id = 1; id <= readers; id++) {
      chat.register(id, "pw-" + id, "user" + id);
      room.add(chat.logIn(chat.connectWithReceiveBuffer(16 * 1024), id));
    }
    String text = "z".repeat(1000);
    List<RawClient> senders = room.subList(0, 4);
    settle(room);
    List<CompletableFuture<Integer>> counts = new ArrayList<>();
    for (RawClient reader : room) {
      int expected = 4 * perSender - (senders.contains(reader) ? perSender : 0);
      counts.add(countGroupMessages(reader, expected));
    }
    List<CompletableFuture<Void>> sending = new ArrayList<>();
    for (RawClient sender : senders) {
      sending.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int i = 0; i < perSender; i++) { // no window: as fast as the socket takes
                    sender.send("SmsMes", "{\"content\":\"" + i + text + "\"}");
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              },
              TestThreads.NEW_THREAD));
    }
    for (CompletableFuture<Void> done : sending) {
      done.get(60, TimeUnit.SECONDS);
    }
    for (int i = 0; i < readers; i++) {
      int expected = 4 * perSender - (i < 4 ? perSender : 0);
      assertEquals(expected, counts.get(i).get(60, TimeUnit.SECONDS), "reader " + (i + 1));
    }
    assertFalse(log.lines().stream().anyMatch(l -> l.contains("not reading")), "nobody was cut");
  }

  @Test
  void aReaderThatStopsReadingIsCutAtTheStallTimeAndTheRoomGoesOn() throws Exception {
    chat.register(100, "pw-100", "Stalled");
    RawClient stalled = chat.logIn(chat.connectWithReceiveBuffer(4 * 1024), 100);
    RawClient reader = chat.loggedIn(200, "Reader");
    RawClient sender = chat.loggedIn(300, "Sender");
    settle(List.of(stalled, reader, sender));
    CompletableFuture<Integer> received = countGroupMessages(reader, COUNT);

    String text = "y".repeat(4000);
    for (int i = 0; i < COUNT; i++) { // 8 MB: far past what the stalled client's buffers hold
      sender.send("SmsMes", "{\"content\":\"" + text + "\"}");
    }

    assertEquals(COUNT, received.get(60, TimeUnit.SECONDS), "the reading user got everything");
    log.awaitContaining(ChatServerFixture.WAIT, "(user 100)", "left: not reading");
    assertTrue(stalled.closedByServerAfterDraining(), "the stalled client was cut");
  }

  @Test
  void privateMessagesQueuedForAReaderThatIsCutAreKeptForItsNextLogin() throws Exception {
    chat.register(100, "pw-100", "Stalled");
    RawClient stalled = chat.logIn(chat.connectWithReceiveBuffer(4 * 1024), 100);
    RawClient sender = chat.loggedIn(200, "Sender");

    String text = "p".repeat(4000);
    int sent = 0;
    while (!log.lines().stream().anyMatch(l -> l.contains("(user 100)"))) {
      sender.send("PrivateSmsMes", "{\"toUserId\":100,\"content\":\"" + sent + text + "\"}");
      int code = sender.receivePayloadAfterNotices("SmsResMes").get("code").asInt();
      assertTrue(code == 200 || code == 202, "answered " + code);
      sent++;
    }

    List<String> got = new ArrayList<>();
    try { // what reached the stalled client before it was cut is still in its buffers
      while (true) {
        JsonNode frame = stalled.receive();
        if ("PrivateSmsMes".equals(frame.get("type").asText())) {
          got.add(RawClient.JSON.readTree(frame.get("data").asText()).get("content").asText());
        }
      }
    } catch (IOException cut) {
      // and then the end of the stream
    }
    int before = got.size();
    RawClient again = chat.logIn(chat.connect(), 100);
    again.send("OnlineUsersMes", "{}"); // its answer comes after the whole hand-over
    for (JsonNode frame = again.receive();
        !"OnlineUsersResMes".equals(frame.get("type").asText());
        frame = again.receive()) {
      if ("PrivateSmsMes".equals(frame.get("type").asText())) {
        got.add(RawClient.JSON.readTree(frame.get("data").asText()).get("content").asText());
      }
    }
    List<Integer> numbers = got.stream().map(t -> Integer.parseInt(t.replace("p", ""))).toList();
    assertEquals(
        numbers.stream().sorted().distinct().toList(), numbers, "in order, and none twice");
    // Only what the operating system held when the connection was cut can be lost: no protocol
    // can save that without acknowledgements (lesson 10). What waited in the server is kept.
    int lost = sent - numbers.size();
    assertTrue(
        lost * text.length() <= 64 * 1024,
        lost + " of " + sent + " lost; " + before + " read before the cut, the rest after");
  }

  /** Counts group messages arriving at {@code reader} until {@code expected} have come. */
  private static CompletableFuture<Integer> countGroupMessages(RawClient reader, int expected) {
    return CompletableFuture.supplyAsync(
        () -> {
          int got = 0;
          try {
            while (got < expected) {
              if ("SmsMes".equals(reader.receive().get("type").asText())) {
                got++;
              }
            }
          } catch (IOException cutOff) {
            // counted so far: the assertion says how many are missing
          }
          return got;
        },
        TestThreads.NEW_THREAD);
  }

  /** Waits until every presence notice of the logins so far has been read (see GroupChatTest). */
  private static void settle(List<RawClient> clients) throws IOException {
    List<RawClient> lastFirst = new ArrayList<>(clients);
    lastFirst.add(0, clients.get(clients.size() - 1));
    for (RawClient client : lastFirst) {
      client.send("OnlineUsersMes", "{}");
      while (!"OnlineUsersResMes".equals(client.receive().get("type").asText())) {
        // a presence notice
      }
    }
  }

  private static String last(List<String> got) {
    String last = got.isEmpty() ? "none" : got.get(got.size() - 1);
    return last.substring(0, Math.min(40, last.length()));
  }
}
