package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.OfflineMessageDao.Waiting;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.tcp.TcpConnection;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestRedis;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Offline hand-over against a real Redis, with a connection that fails on cue. */
class MailboxesTest {
  private UnifiedJedis redis;
  private OfflineMessageDao offline;
  private Mailboxes mailboxes;

  @BeforeEach
  void setUp() {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    offline = new OfflineMessageDao(redis);
    mailboxes = new Mailboxes(new OnlineUsers(), offline, 100);
  }

  @AfterEach
  void tearDown() {
    redis.close();
  }

  /** Accepts {@code writes} writes, then fails, as a connection that drops would. */
  private static final class DropsAfter extends OutputStream {
    private int writesLeft;

    DropsAfter(int writes) {
      this.writesLeft = writes;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (writesLeft-- <= 0) {
        throw new IOException("connection reset");
      }
    }
  }

  private Session sessionFor(int userId, OutputStream wire) {
    Transfer transfer =
        new Transfer(new ByteArrayInputStream(new byte[0]), wire, Protocol.DEFAULT_MAX_FRAME_BYTES);
    Session session =
        new Session(
            new TcpConnection(transfer, InetAddress.getLoopbackAddress(), "/test:" + userId),
            1024 * 1024);
    session.loggedIn(userId, "user" + userId);
    return session;
  }

  /** What a login does: hold the session's writes, put the hand-over first, release. */
  private void handOver(Session session) throws StoreException {
    session.holdWrites();
    session.sendFirstAndRelease(mailboxes.handOver(session, mailboxes.waiting(session.userId())));
  }

  private void keep(int to, int count) throws StoreException {
    for (int i = 0; i < count; i++) {
      offline.store(to, new PrivateSmsMes(to, "message " + i, 1, "Ann", i, true), 100);
    }
  }

  private List<String> stillKept(int userId) throws StoreException {
    return offline.waiting(userId).stream().map(w -> w.message().content()).toList();
  }

  @Test
  void aMessageLeavesTheStoreOnlyOnceItHasBeenWritten() throws StoreException {
    keep(7, 5);
    Session session = sessionFor(7, new DropsAfter(3)); // the 4th write fails
    handOver(session);
    assertTrue(session.awaitClosed(ChatServerFixture.WAIT), "the failed write ends the session");
    assertEquals(List.of("message 3", "message 4"), stillKept(7));
  }

  @Test
  void aLoginWaitsForAnEarlierHandOverSoNothingComesTwice() throws Exception {
    keep(7, 3);
    SlowWire slow = new SlowWire();
    Session first = sessionFor(7, slow);
    handOver(first);

    // Let the first session finish writing only once the second login is waiting for it.
    Thread secondLogin = Thread.currentThread();
    Thread release =
        new Thread(
            () -> {
              long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
              while (secondLogin.getState() != Thread.State.TIMED_WAITING
                  && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              slow.release();
            });
    release.start();
    List<Waiting> forSecondLogin = mailboxes.waiting(7); // waits for the first hand-over
    release.join();
    assertEquals(List.of(), forSecondLogin, "the first session delivered all three");
    assertEquals(List.of(), stillKept(7));
  }

  /** Holds every write until released, like a client that is slow to read. */
  private static final class SlowWire extends OutputStream {
    private boolean released;

    synchronized void release() {
      released = true;
      notifyAll();
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      while (!released) {
        try {
          wait();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
    }
  }
}
