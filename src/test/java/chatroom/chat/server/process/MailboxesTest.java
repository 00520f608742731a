package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.Json;
import chatroom.chat.common.Message;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.OfflineMessageDao.Kept;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.tcp.TcpConnection;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestRedis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** Offline hand-over against a real Redis, with connections that fail or stall on cue. */
class MailboxesTest {
  private UnifiedJedis redis;
  private OfflineMessageDao offline;
  private Mailboxes mailboxes;

  @BeforeEach
  void setUp() {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    offline = new OfflineMessageDao(redis, ChatServerFixture.options().offlineLimits());
    mailboxes = new Mailboxes(new OnlineUsers(), offline, 64 * 1024);
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

  /** Holds every write until released, like a client that is slow to read. */
  private static final class SlowWire extends ByteArrayOutputStream {
    private boolean released;
    private boolean writing;

    synchronized void release() {
      released = true;
      notifyAll();
    }

    synchronized void awaitWriting() throws InterruptedException {
      while (!writing) {
        wait();
      }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writing = true;
      notifyAll();
      while (!released) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      super.write(b, off, len);
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
    session.startHandOver();
    return session;
  }

  private void keep(int to, int count) throws StoreException {
    for (int i = 0; i < count; i++) {
      PrivateSmsMes message = new PrivateSmsMes(to, "message " + i, 1, "Ann", i, true);
      assertEquals(Kept.KEPT, offline.keep(to, message));
    }
  }

  private List<String> stillKept(int userId) throws StoreException {
    return offline.oldest(userId, 1000, Long.MAX_VALUE).stream()
        .map(w -> w.message().content())
        .toList();
  }

  /** The private messages in what was written to {@code wire}. */
  private static List<String> privateMessages(ByteArrayOutputStream wire) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire.toByteArray()));
    List<String> texts = new ArrayList<>();
    while (in.available() > 0) {
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      Message message = Json.decodeEnvelope(body);
      if (message.type().equals("PrivateSmsMes")) {
        texts.add(Json.decodePayload(message, PrivateSmsMes.class).content());
      }
    }
    return texts;
  }

  @Test
  void aMessageLeavesTheStoreOnlyOnceItHasBeenWritten() throws StoreException {
    keep(7, 5);
    Session session = sessionFor(7, new DropsAfter(3)); // the 4th write fails
    mailboxes.handOver(session, null);
    assertTrue(session.awaitClosed(ChatServerFixture.WAIT), "the failed write ends the session");
    assertEquals(List.of("message 3", "message 4"), stillKept(7));
  }

  @Test
  void aMailboxLargerThanAPageIsHandedOverPageByPageInOrder() throws Exception {
    keep(7, Mailboxes.PAGE_MESSAGES * 2 + 3);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    Session session = sessionFor(7, wire);
    mailboxes.handOver(session, null);
    session.closeAfterSending();
    assertTrue(session.awaitClosed(ChatServerFixture.WAIT));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < Mailboxes.PAGE_MESSAGES * 2 + 3; i++) {
      expected.add("message " + i);
    }
    assertEquals(expected, privateMessages(wire));
    assertEquals(List.of(), stillKept(7));
  }

  @Test
  void aLoginWaitsForTheSessionItReplacedSoNothingComesTwice() throws Exception {
    keep(7, 3);
    SlowWire slow = new SlowWire();
    Session first = sessionFor(7, slow);
    Thread firstHandOver = new Thread(() -> mailboxes.handOver(first, null));
    firstHandOver.start();
    slow.awaitWriting(); // stuck writing what it took first, the rest queued behind it

    first.closeWith(ResultCode.SESSION_REPLACED, "replaced"); // what a new login does to it
    ByteArrayOutputStream secondWire = new ByteArrayOutputStream();
    Session second = sessionFor(7, secondWire);
    Thread secondHandOver = new Thread(() -> mailboxes.handOver(second, first));
    secondHandOver.start();
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (secondHandOver.getState() != Thread.State.TIMED_WAITING) {
      assertTrue(System.nanoTime() < deadline, "the second hand-over never waited");
      Thread.onSpinWait();
    }
    slow.release(); // message 0 reaches the first client
    secondHandOver.join(ChatServerFixture.WAIT.toMillis());
    firstHandOver.join(ChatServerFixture.WAIT.toMillis());
    second.closeAfterSending();
    assertTrue(second.awaitClosed(ChatServerFixture.WAIT));

    // What the first session was already writing reaches it; the second gets the rest, once.
    List<String> toFirst = privateMessages(slow);
    List<String> both = new ArrayList<>(toFirst);
    both.addAll(privateMessages(secondWire));
    assertTrue(toFirst.contains("message 0"), toFirst.toString());
    assertEquals(List.of("message 0", "message 1", "message 2"), both);
    assertEquals(List.of(), stillKept(7));
  }

  @Test
  void sessionsThatHaveEndedAreNotKeptAlive() throws Exception {
    // Issue 10, row 14: every session that was handed messages stayed reachable for ever.
    List<WeakReference<Session>> ended = new ArrayList<>();
    for (int user = 1; user <= 100; user++) {
      keep(user, 1);
      Session session = sessionFor(user, OutputStream.nullOutputStream());
      mailboxes.handOver(session, null);
      session.closeAfterSending();
      assertTrue(session.awaitClosed(ChatServerFixture.WAIT));
      ended.add(new WeakReference<>(session));
    }
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (ended.stream().anyMatch(session -> session.get() != null)) {
      assertTrue(
          System.nanoTime() < deadline,
          ended.stream().filter(s -> s.get() != null).count() + " ended sessions still reachable");
      System.gc(); // a request: asked again until the sessions are gone or the wait is over
      Thread.sleep(10);
    }
  }
}
