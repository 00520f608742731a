package chatroom.chat.server.process;

import chatroom.chat.common.Transfer;
import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames waiting to be written to one connection: a bounded queue and a writer.
 *
 * <p>Whoever sends to a connection only adds a frame here and returns at once, so a client that
 * reads slowly (or not at all) never holds up the sender, nor anyone else. A writer task drains the
 * queue, writing everything queued in one go. When the queue reaches its limit, the client is not
 * keeping up: {@link #offer} says so and the session disconnects it.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /** At most this many bytes are gathered into one write. */
  private static final int BATCH_BYTES = 64 * 1024;

  private record Item(byte[] frame, Runnable onWritten) {}

  private final Transfer transfer;
  private final long limitBytes;
  private final Runnable onWriteFailure;
  private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean writing = new AtomicBoolean();
  private volatile boolean closed;

  Outbox(Transfer transfer, long limitBytes, Runnable onWriteFailure) {
    this.transfer = transfer;
    this.limitBytes = limitBytes;
    this.onWriteFailure = onWriteFailure;
  }

  /**
   * Queues a complete frame; {@code onWritten}, if not null, runs once it has been written.
   *
   * @param limited false for a frame that may go over the limit (a backlog the server chose to
   *     send, bounded elsewhere); it still counts against the limit for the frames after it
   * @return false if the outbox is closed or full, in which case nothing was queued
   */
  boolean offer(byte[] frame, Runnable onWritten, boolean limited) {
    if (closed) {
      return false;
    }
    if (queuedBytes.addAndGet(frame.length) > limitBytes && limited) {
      queuedBytes.addAndGet(-frame.length);
      return false;
    }
    queue.add(new Item(frame, onWritten));
    if (writing.compareAndSet(false, true)) {
      ConnectionThreads.shortTasks().execute(this::drain);
    }
    return true;
  }

  /** How many bytes wait to be written. */
  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Stops accepting frames and forgets those not yet written. */
  void close() {
    closed = true;
    queue.clear();
  }

  /** Forgets the frames not yet written, but stays open. */
  void discardQueued() {
    Item dropped;
    while ((dropped = queue.poll()) != null) {
      queuedBytes.addAndGet(-dropped.frame().length);
    }
  }

  private static void runQuietly(Runnable callback) {
    if (callback == null) {
      return;
    }
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("a callback after writing failed; the connection goes on", e);
    }
  }

  /**
   * Writes a batch. Frames nobody waits on go out together, in one write where they fit; a frame
   * with an {@code onWritten} callback is flushed on its own first, so the callback runs only when
   * that very frame has left, never because a batch it was part of half succeeded.
   */
  private void write(List<Item> batch) throws IOException {
    List<byte[]> together = new ArrayList<>();
    for (Item item : batch) {
      if (item.onWritten() == null) {
        together.add(item.frame());
        continue;
      }
      if (!together.isEmpty()) {
        transfer.writeFrame(together.toArray(byte[][]::new));
        together.clear();
      }
      transfer.writeFrame(item.frame());
      runQuietly(item.onWritten());
    }
    if (!together.isEmpty()) {
      transfer.writeFrame(together.toArray(byte[][]::new));
    }
  }

  /** Writes until the queue is empty; only one drain runs at a time for one connection. */
  private void drain() {
    List<Item> batch = new ArrayList<>();
    try {
      while (true) {
        batch.clear();
        int bytes = 0;
        Item item;
        while (bytes < BATCH_BYTES && (item = queue.poll()) != null) {
          batch.add(item);
          bytes += item.frame().length;
        }
        if (batch.isEmpty()) {
          stoppedWriting();
          // A frame may have arrived after the poll above and before the flag was cleared.
          if (queue.isEmpty() || !writing.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        write(batch);
        queuedBytes.addAndGet(-bytes);
      }
    } catch (IOException e) {
      close();
      stoppedWriting();
      onWriteFailure.run();
    }
  }

  private synchronized void stoppedWriting() {
    writing.set(false);
    notifyAll();
  }

  /**
   * Waits until nothing is being written and, unless the outbox is closed, nothing waits: every
   * frame queued so far has been written (and its callback run) or will never be.
   *
   * @return false if that did not happen within {@code timeoutMillis}
   */
  synchronized boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (writing.get() || (!closed && !queue.isEmpty())) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
