package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestThreads;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client's stall clock starts when frames can first be written to it, never earlier. A login
 * holds writes and then puts its answer and the first page of mail in front; a sender that found
 * that client behind at once used to judge it stalled "for 300 s" a moment after its login, because
 * the clock had never been started (found as a rare cut of a victim in MailboxMemoryTest).
 */
class StallClockTest {
  private static final int OUTBOX_BYTES = 4096;

  /** A client that takes nothing until {@link #startReading}, then everything. */
  private static final class LateReader implements Connection {
    private final CountDownLatch reading = new CountDownLatch(1);
    private volatile boolean open = true;

    void startReading() {
      reading.countDown();
    }

    @Override
    public void write(List<byte[]> frames) throws IOException {
      try {
        reading.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }

    @Override
    public void close() {
      open = false;
      reading.countDown();
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public InetAddress peer() {
      return InetAddress.getLoopbackAddress();
    }

    @Override
    public String describe() {
      return "a late reader";
    }
  }

  @Test
  void aClientBehindFromItsFirstFramesIsGivenTheWholeStallTimeout() throws Exception {
    LateReader client = new LateReader();
    Session session =
        new Session(client, OUTBOX_BYTES, Duration.ofMinutes(5), new RequestRate(0, 1));
    session.holdWrites(); // as a login does
    session.sendFirstAndRelease(List.of(new Outgoing(new byte[OUTBOX_BYTES / 2], null)));
    assertTrue(session.isBehind());

    Thread sender = Thread.currentThread();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> { // the client starts reading once the sender waits for it to catch up
              long deadline = System.nanoTime() + ChatServerFixture.WAIT.toNanos();
              while (sender.getState() != Thread.State.TIMED_WAITING
                  && session.isOpen()
                  && System.nanoTime() < deadline) {
                Thread.onSpinWait();
              }
              client.startReading();
            },
            TestThreads.NEW_THREAD);
    session.awaitCatchUp();
    reader.get(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertTrue(session.isOpen(), "cut as stalled a moment after its first frame");
  }
}
