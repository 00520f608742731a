package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two hundred clients log in, chat, and a third of them leave, all at once. Afterwards the online
 * list is exactly the users who stayed, each stayer got exactly the messages meant for it, every
 * frame parsed, and nothing deadlocked.
 */
class ConcurrencyTest {
  private static final int CLIENTS = 200;
  private static final int GROUP_EACH = 3;
  private static final int PRIVATE_EACH = 3;

  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  @BeforeEach
  void registerEveryone() throws IOException {
    try (RawClient admin = chat.connect()) {
      for (int id = 1; id <= CLIENTS; id++) {
        admin.send("RegisterMes", ChatWire.register(id, "pw-" + id, "user" + id));
        assertEquals(200, admin.receivePayload("RegisterResMes").get("code").asInt());
      }
    }
  }

  private static boolean leaves(int id) {
    return id % 3 == 0;
  }

  /** What one client saw while reading up to the answer of a request. */
  private static final class Tally {
    int group;
    int direct;
    int privateAnswers200;
    final Set<Integer> wentOffline = new HashSet<>();
  }

  /** Reads frames (each one must parse) until an {@code OnlineUsersResMes}, which it returns. */
  private static JsonNode readUntilOnlineList(RawClient client, Tally tally) throws IOException {
    while (true) {
      JsonNode frame = client.receive();
      JsonNode payload = RawClient.JSON.readTree(frame.get("data").asText());
      switch (frame.get("type").asText()) {
        case "OnlineUsersResMes" -> {
          return payload;
        }
        case "SmsMes" -> tally.group++;
        case "PrivateSmsMes" -> tally.direct++;
        case "SmsResMes" -> tally.privateAnswers200 += payload.get("code").asInt() == 200 ? 1 : 0;
        case "NotifyUserStatusMes" -> {
          if (payload.get("status").asInt() == 1) {
            tally.wentOffline.add(payload.get("userId").asInt());
          }
        }
        default -> fail("unexpected " + frame);
      }
    }
  }

  @RepeatedTest(3)
  void hundredsOfClientsAtOnceLeaveTheServerExactlyRight() throws Exception {
    AtomicIntegerArray privateTo = new AtomicIntegerArray(CLIENTS + 1);
    CyclicBarrier loggedIn = new CyclicBarrier(CLIENTS);
    CyclicBarrier chatted = new CyclicBarrier(CLIENTS);
    CyclicBarrier settled = new CyclicBarrier(CLIENTS);
    int leavers =
        (int)
            java.util.stream.IntStream.rangeClosed(1, CLIENTS)
                .filter(ConcurrencyTest::leaves)
                .count();
    CyclicBarrier listed = new CyclicBarrier(CLIENTS - leavers);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<int[]>> results = new ArrayList<>();
    for (int id = 1; id <= CLIENTS; id++) {
      int me = id;
      results.add(
          pool.submit(
              () -> {
                Random random = new Random(me);
                Tally tally = new Tally();
                RawClient client = new RawClient(chat.port(), ChatServerFixture.WAIT);
                client.send("LoginMes", ChatWire.login(me, "pw-" + me));
                assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
                loggedIn.await();

                for (int i = 0; i < GROUP_EACH; i++) {
                  client.send("SmsMes", ChatWire.group("group " + me + "/" + i));
                }
                for (int i = 0; i < PRIVATE_EACH; i++) {
                  int to = 1 + random.nextInt(CLIENTS - 1);
                  to = to >= me ? to + 1 : to;
                  privateTo.incrementAndGet(to);
                  client.send("PrivateSmsMes", ChatWire.direct(to, "private from " + me));
                }
                client.send("OnlineUsersMes", "{}"); // once answered, all of the above is done
                readUntilOnlineList(client, tally);
                assertEquals(PRIVATE_EACH, tally.privateAnswers200);
                chatted.await();

                if (leaves(me)) {
                  switch (me % 9) { // leave in each of the ways a client can
                    case 0 -> client.send("LogoutMes", "{}");
                    case 3 -> client.resetConnection();
                    default -> {}
                  }
                  client.close();
                  settled.await();
                  return new int[0];
                }
                // Stay until every leaver's departure has been announced to us.
                while (tally.wentOffline.size() < leavers) {
                  client.send("OnlineUsersMes", "{}");
                  readUntilOnlineList(client, tally);
                }
                settled.await();
                client.send("OnlineUsersMes", "{}");
                JsonNode finalList = readUntilOnlineList(client, tally);
                List<Integer> expected = new ArrayList<>();
                for (int user = 1; user <= CLIENTS; user++) {
                  if (!leaves(user)) {
                    expected.add(user);
                  }
                }
                assertEquals(
                    expected.toString().replace(" ", ""), finalList.get("UsersId").toString());
                listed.await(); // nobody leaves before every stayer has seen the list
                client.close();
                return new int[] {me, tally.group, tally.direct, finalList.get("UsersId").size()};
              }));
    }
    pool.shutdown();
    List<int[]> stayers = new ArrayList<>();
    for (Future<int[]> result : results) {
      try {
        int[] outcome = result.get(120, TimeUnit.SECONDS);
        if (outcome.length > 0) {
          stayers.add(outcome);
        }
      } catch (TimeoutException stuck) {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        fail(
            "a client never finished; deadlocked threads: "
                + (deadlocked == null ? 0 : deadlocked.length));
      }
    }
    assertEquals(CLIENTS - leavers, stayers.size());
    for (int[] stayer : stayers) {
      int me = stayer[0];
      assertEquals((CLIENTS - 1) * GROUP_EACH, stayer[1], "group messages that reached " + me);
      assertEquals(privateTo.get(me), stayer[2], "private messages that reached " + me);
      assertEquals(CLIENTS - leavers, stayer[3], "online list size seen by " + me);
    }
  }
}
