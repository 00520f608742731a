package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.LoginMes;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.RecordedSession;
import chatroom.testing.TestRedis;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * A login that replaces a session whose client does not read holds no lock while the old session
 * takes its time (issue 10, row 7: private messages to an unrelated user that shares a lock waited
 * two seconds behind it).
 */
class ReplacedSessionTest {
  private final UnifiedJedis redis = RedisPool.open(TestRedis.uri());
  private final PasswordHasher hasher = new PasswordHasher(1);
  private final UserDao users = new UserDao(redis);
  private final OnlineUsers online = new OnlineUsers();
  private final Mailboxes mailboxes =
      new Mailboxes(
          online,
          new OfflineMessageDao(redis, ChatServerFixture.options().offlineLimits()),
          64 * 1024);
  private final LoginProcessor login =
      new LoginProcessor(
          users,
          hasher,
          online,
          mailboxes,
          new Guard(
              new LimitStore(redis),
              Clock.systemUTC(),
              new HashingQueue(1, 10, 10),
              Guard.Limits.none()));

  /** A connection whose client never reads: every write blocks until the connection closes. */
  private static final class NeverRead implements Connection {
    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public void write(List<byte[]> frames) throws IOException {
      try {
        closed.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("closed while writing");
    }

    @Override
    public void close() {
      closed.countDown();
    }

    @Override
    public boolean isOpen() {
      return closed.getCount() > 0;
    }

    @Override
    public InetAddress peer() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
      return "/never-reads:1";
    }
  }

  private void processQuietly(Session session, LoginMes request) {
    try {
      login.process(session, request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  @Test
  void aDeliveryToAnotherUserNeedNotWaitForAReplacedSessionThatDoesNotRead() throws Exception {
    redis.flushAll();
    users.create(new StoredUser(1, "Stuck", hasher.hash("pw")));
    users.create(new StoredUser(65, "Unrelated", hasher.hash("pw"))); // 65 and 1 share a lock
    NeverRead stuck = new NeverRead();
    login.process(new Session(stuck, 1024 * 1024), new LoginMes(1, "pw", ""));

    Thread again =
        new Thread(
            () -> processQuietly(new RecordedSession().session(), new LoginMes(1, "pw", "")));
    again.start();
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (again.getState() != Thread.State.TIMED_WAITING && again.isAlive()) {
      assertTrue(System.nanoTime() < deadline, "the second login never got going");
      Thread.onSpinWait();
    }

    assertEquals(
        Mailboxes.Outcome.KEPT,
        mailboxes.deliver(new PrivateSmsMes(65, "hello", 2, "Sender", 0, false)));
    assertTrue(stuck.isOpen(), "the delivery did not wait for the stuck session to be given up on");
    again.join(ChatServerFixture.WAIT.toMillis());
  }
}
