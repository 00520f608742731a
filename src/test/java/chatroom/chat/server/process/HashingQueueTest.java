package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.server.Processor;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import chatroom.testing.RecordedSession;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hashing queue of issue 10 row 4 (a registration storm: a bystander's login took 18-29 s while
 * 160 connections hashed at once): few hashes at once, turns that go round the addresses, and a
 * bounded line whose overflow is told "busy" at once. Threads and latches, no sleeps.
 */
class HashingQueueTest {
  private static final InetAddress FLOOD = address("192.0.2.1");
  private static final InetAddress BYSTANDER = address("198.51.100.7");

  private final CountDownLatch release = new CountDownLatch(1);
  private final List<String> ran = new ArrayList<>(); // guarded by itself
  private final List<Thread> threads = new ArrayList<>();

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @AfterEach
  void letEveryoneFinish() throws InterruptedException {
    release.countDown();
    for (Thread thread : threads) {
      thread.join(ChatServerFixture.WAIT.toMillis());
    }
  }

  /**
   * Starts a thread that takes a place for {@code from} and runs a login hash named {@code name}.
   */
  private void hashOnAThread(HashingQueue queue, InetAddress from, String name) {
    hashOnAThread(queue, from, HashingQueue.Purpose.LOGIN, name);
  }

  private void hashOnAThread(
      HashingQueue queue, InetAddress from, HashingQueue.Purpose purpose, String name) {
    HashingQueue.Place place = queue.enter(from, purpose, true).orElseThrow();
    Thread thread =
        new Thread(
            () ->
                place.run(
                    () -> {
                      synchronized (ran) {
                        ran.add(name);
                      }
                      awaitRelease();
                      return null;
                    }));
    threads.add(thread);
    thread.start();
  }

  private void awaitRelease() {
    try {
      release.await(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits, a bounded time, until {@code condition} holds. */
  private static void until(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "the condition never held");
      Thread.sleep(1);
    }
  }

  private List<String> ran() {
    synchronized (ran) {
      return List.copyOf(ran);
    }
  }

  @Test
  void atMostTheGivenNumberOfHashesRunAtOnce() throws InterruptedException {
    HashingQueue queue = new HashingQueue(2, 10, 10);
    for (int i = 0; i < 6; i++) {
      hashOnAThread(queue, FLOOD, "hash " + i);
    }
    until(() -> queue.waiting() == 4);
    assertEquals(2, ran().size(), "two run, four wait");
    release.countDown();
    until(() -> ran().size() == 6);
  }

  @Test
  void turnsGoRoundTheAddressesSoAFloodCannotPushABystanderBack() throws InterruptedException {
    HashingQueue queue = new HashingQueue(1, 10, 4);
    hashOnAThread(queue, FLOOD, "flood 0");
    until(() -> ran().size() == 1);
    for (int i = 1; i <= 4; i++) { // four wait: as many as one address may
      hashOnAThread(queue, FLOOD, "flood " + i);
      int inLine = i;
      until(() -> queue.waiting() == inLine);
    }
    hashOnAThread(queue, BYSTANDER, "bystander");
    until(() -> queue.waiting() == 5);

    release.countDown();
    until(() -> ran().size() == 6);
    assertEquals(List.of("flood 0", "flood 1", "bystander", "flood 2"), ran().subList(0, 4));
  }

  @Test
  void aLoginGoesBeforeRegistrationsThatWaitedLonger() throws InterruptedException {
    HashingQueue queue = new HashingQueue(1, 10, 4);
    hashOnAThread(queue, FLOOD, HashingQueue.Purpose.REGISTRATION, "registration 0");
    until(() -> ran().size() == 1);
    for (int i = 1; i <= 3; i++) {
      hashOnAThread(
          queue,
          address("192.0.2." + (10 + i)),
          HashingQueue.Purpose.REGISTRATION,
          "registration " + i);
      int inLine = i;
      until(() -> queue.waiting() == inLine);
    }
    hashOnAThread(queue, BYSTANDER, "login");
    until(() -> queue.waiting() == 4);

    release.countDown();
    until(() -> ran().size() == 5);
    assertEquals(List.of("registration 0", "login", "registration 1"), ran().subList(0, 3));
  }

  @Test
  void aFullLineOrAFullAddressIsRefusedAtOnceAndAPlaceGivenUpIsFreeAgain()
      throws InterruptedException {
    HashingQueue queue = new HashingQueue(1, 3, 2);
    hashOnAThread(queue, FLOOD, "running"); // takes the one thread
    until(() -> ran().size() == 1);

    Optional<HashingQueue.Place> first = queue.enter(FLOOD, HashingQueue.Purpose.LOGIN, true);
    assertTrue(first.isPresent());
    assertTrue(queue.enter(FLOOD, HashingQueue.Purpose.LOGIN, true).isPresent());
    assertTrue(
        queue.enter(FLOOD, HashingQueue.Purpose.LOGIN, true).isEmpty(), "two may wait per address");
    assertTrue(queue.enter(BYSTANDER, HashingQueue.Purpose.LOGIN, true).isPresent());
    assertTrue(
        queue.enter(address("203.0.113.9"), HashingQueue.Purpose.LOGIN, true).isEmpty(),
        "three may wait in all");

    first.get().close();
    assertTrue(queue.enter(FLOOD, HashingQueue.Purpose.LOGIN, true).isPresent());
    assertTrue(
        queue.enter(address("203.0.113.9"), HashingQueue.Purpose.LOGIN, false).isPresent(),
        "unless unlimited");
  }

  @Test
  void aLoginThatFindsTheLineFullIsAnswered503AtOnce() throws Exception {
    HashingQueue queue = new HashingQueue(1, 0, 0);
    hashOnAThread(queue, InetAddress.getLoopbackAddress(), "running"); // the line is now full
    until(() -> ran().size() == 1);

    UserDao users = mock(UserDao.class);
    PasswordHasher hasher = new PasswordHasher(1);
    when(users.find(anyInt()))
        .thenAnswer(call -> Optional.of(new StoredUser(call.getArgument(0), "u", "x")));
    OnlineUsers online = new OnlineUsers();
    Guard guard = new Guard(mock(LimitStore.class), Clock.systemUTC(), queue, Guard.Limits.none());
    Processor processor =
        new Processor()
            .on(
                MessageType.LOGIN_MES,
                new LoginProcessor(
                    users,
                    hasher,
                    online,
                    new Mailboxes(online, mock(OfflineMessageDao.class), 10),
                    guard));
    RecordedSession recorded = new RecordedSession();
    String body = RawClient.envelope("LoginMes", "{\"userId\":7,\"userPwd\":\"pw\"}");
    processor.dispatch(recorded.session(), body.getBytes(StandardCharsets.UTF_8));

    LoginResMes answer = recorded.onlyReply("LoginResMes", LoginResMes.class);
    assertEquals(503, answer.code());
    assertEquals("the server is busy; try again in a moment", answer.error());
  }
}
