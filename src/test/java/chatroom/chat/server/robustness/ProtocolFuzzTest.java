package chatroom.chat.server.robustness;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import chatroom.chat.common.FrameException;
import chatroom.chat.common.Message;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.ChatServer;
import chatroom.chat.server.Processor;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.OfflineMessageDao.Kept;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.chat.server.process.Guard;
import chatroom.chat.server.process.HashingQueue;
import chatroom.chat.server.process.Mailboxes;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.testing.RawClient;
import chatroom.testing.RecordedSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random and half-valid inputs, from a seed. A failure names the seed: rerun it with
 * {@code mvn test -Dtest=ProtocolFuzzTest -Dfuzz.seed=<seed>}.
 */
class ProtocolFuzzTest {
  private static final int MAX = 4096;
  private static final String[] TYPES = {
    "LoginMes",
    "RegisterMes",
    "SmsMes",
    "PrivateSmsMes",
    "OnlineUsersMes",
    "LogoutMes",
    "LoginResMes",
    "NotifyUserStatusMes",
    "ErrorResMes",
    "Nonsense",
    ""
  };
  private static final String[] KEYS = {
    "userId", "userPwd", "userName", "user", "content", "toUserId", "sentAt", "offline", "code", "x"
  };

  private final long seed = Long.getLong("fuzz.seed", System.nanoTime());
  private final Random random = new Random(seed);

  private String context() {
    return " (seed " + seed + "; rerun with -Dfuzz.seed=" + seed + ")";
  }

  @Test
  void theFrameDecoderOnlyEverReturnsFramesWithinTheLimitOrRefusesCleanly() {
    for (int round = 0; round < 5_000; round++) {
      byte[] input = decoderInput();
      Transfer transfer =
          new Transfer(new ByteArrayInputStream(input), new ByteArrayOutputStream(), MAX);
      try {
        byte[] body;
        while ((body = transfer.readFrame()) != null) {
          assertTrue(
              body.length > 0 && body.length <= MAX, "a frame of " + body.length + context());
        }
      } catch (FrameException | EOFException expected) {
        // refused length, or input that ends inside a frame: both are clean outcomes
      } catch (Throwable other) {
        fail("round " + round + " threw " + other + context(), other);
      }
    }
  }

  /** Valid frames, cut, corrupted or with random lengths, glued together. */
  private byte[] decoderInput() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int pieces = 1 + random.nextInt(4);
    for (int p = 0; p < pieces; p++) {
      byte[] body = new byte[random.nextInt(MAX + 100)];
      random.nextBytes(body);
      int declared =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt();
            case 1 -> body.length + random.nextInt(3) - 1;
            default -> body.length;
          };
      out.writeBytes(ByteBuffer.allocate(4).putInt(declared).array());
      int keep = random.nextInt(5) == 0 ? random.nextInt(body.length + 1) : body.length;
      out.write(body, 0, keep);
    }
    return out.toByteArray();
  }

  @Test
  void theDispatcherAnswersEveryRandomRequestAndNeverThrows() throws Exception {
    Processor processor = processorWithStubbedStores();
    for (int round = 0; round < 3_000; round++) {
      RecordedSession recorded = new RecordedSession();
      if (random.nextBoolean()) {
        recorded.session().loggedIn(1 + random.nextInt(3), "fuzzer");
      }
      byte[] body = dispatcherInput();
      try {
        processor.dispatch(recorded.session(), body);
        List<Message> sent = recorded.sent(); // every frame it wrote must decode
        assertTrue(sent.size() <= 2, "at most an answer and a notice" + context());
      } catch (Throwable other) {
        fail(
            "round "
                + round
                + " with "
                + new String(body, StandardCharsets.UTF_8)
                + " threw "
                + other
                + context(),
            other);
      }
    }
  }

  /** An envelope whose type and payload are random mixtures of right and wrong. */
  private byte[] dispatcherInput() {
    if (random.nextInt(10) == 0) {
      byte[] noise = new byte[random.nextInt(200)];
      random.nextBytes(noise);
      return noise;
    }
    String payload = randomJson(3);
    String type = TYPES[random.nextInt(TYPES.length)];
    return RawClient.envelope(type, payload).getBytes(StandardCharsets.UTF_8);
  }

  private String randomJson(int depth) {
    if (depth == 0) {
      return randomValue();
    }
    return switch (random.nextInt(4)) {
      case 0 -> randomValue();
      case 1 -> "[" + randomJson(depth - 1) + "," + randomJson(depth - 1) + "]";
      default -> {
        StringBuilder object = new StringBuilder("{");
        int fields = random.nextInt(5);
        for (int i = 0; i < fields; i++) {
          if (i > 0) {
            object.append(',');
          }
          object.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":");
          object.append(randomJson(depth - 1));
        }
        yield object.append('}').toString();
      }
    };
  }

  private String randomValue() {
    return switch (random.nextInt(9)) {
      case 0 -> "null";
      case 1 -> String.valueOf(random.nextInt());
      case 2 -> String.valueOf(random.nextLong());
      case 3 -> "1e" + random.nextInt(500);
      case 4 -> random.nextBoolean() ? "true" : "false";
      case 5 -> "\"" + "x".repeat(random.nextInt(5000)) + "\"";
      case 6 -> "\"\\u0000\\u001b[2J\"";
      case 7 -> "-" + random.nextInt(10);
      default -> "\"" + Integer.toHexString(random.nextInt()) + "\"";
    };
  }

  /** The real processors, with mocks in place of Redis that answer at random. */
  private Processor processorWithStubbedStores() throws StoreException {
    UserDao users = mock(UserDao.class);
    OfflineMessageDao offline = mock(OfflineMessageDao.class);
    PasswordHasher hasher = new PasswordHasher(1);
    String hash = hasher.hash("pw");
    when(users.find(anyInt()))
        .thenAnswer(
            call ->
                random.nextBoolean()
                    ? Optional.of(new StoredUser(call.getArgument(0), "someone", hash))
                    : Optional.empty());
    when(users.exists(anyInt())).thenAnswer(call -> random.nextBoolean());
    when(users.create(any())).thenAnswer(call -> random.nextBoolean());
    Kept[] outcomes = Kept.values();
    when(offline.keep(anyInt(), any()))
        .thenAnswer(call -> outcomes[random.nextInt(outcomes.length)]);
    when(offline.oldest(anyInt(), anyInt(), anyLong())).thenReturn(List.of());
    OnlineUsers online = new OnlineUsers();
    Mailboxes mailboxes = new Mailboxes(online, offline, 10);
    Guard guard =
        new Guard(
            mock(LimitStore.class),
            Clock.systemUTC(),
            new HashingQueue(1, 10, 10),
            Guard.Limits.none());
    return ChatServer.dispatcher(users, hasher, online, mailboxes, guard, Clock.systemUTC());
  }
}
