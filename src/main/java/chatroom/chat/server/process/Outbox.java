package chatroom.chat.server.process;

import chatroom.chat.common.Transfer;
import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
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

  private final Transfer transfer;
  private final long limitBytes;
  private final Runnable onWriteFailure;
  private final Deque<Outgoing> queue = new ConcurrentLinkedDeque<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean writing = new AtomicBoolean();
  private volatile boolean closed;
  private volatile boolean held;

  Outbox(Transfer transfer, long limitBytes, Runnable onWriteFailure) {
    this.transfer = transfer;
    this.limitBytes = limitBytes;
    this.onWriteFailure = onWriteFailure;
  }

  /**
   * Queues a complete frame; {@code onWritten}, if not null, runs once it has been written.
   *
   * @param limited false for a frame that may go over the limit (one the server itself chose to
   *     send); it still counts against the limit for the frames after it
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
    queue.addLast(new Outgoing(frame, onWritten));
    startWriting();
    return true;
  }

  /**
   * Puts frames, in order, ahead of everything queued so far. Only while {@link #hold held}, so
   * that no writer is taking frames from the front at the same time.
   */
  void putFirst(List<Outgoing> frames) {
    if (!held) {
      throw new IllegalStateException("putFirst needs the outbox held");
    }
    for (int i = frames.size() - 1; i >= 0; i--) {
      queuedBytes.addAndGet(frames.get(i).frame().length);
      queue.addFirst(frames.get(i));
    }
  }

  /** Keeps what is queued from being written until {@link #release}. */
  void hold() {
    held = true;
  }

  /** Lets the writer go again, and starts it if anything waits. */
  void release() {
    held = false;
    startWriting();
  }

  /** Starts a writer unless one is running, the outbox is held, or nothing waits. */
  private void startWriting() {
    // A frame is added before this is called, and held is cleared before release calls it, so
    // whichever of the two runs last sees both and starts the writer.
    if (!held && !queue.isEmpty() && writing.compareAndSet(false, true)) {
      ConnectionThreads.shortTasks().execute(this::drain);
    }
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
    Outgoing dropped;
    while ((dropped = queue.pollFirst()) != null) {
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

  /** Writes until the queue is empty; only one drain runs at a time for one connection. */
  private void drain() {
    List<Outgoing> batch = new ArrayList<>();
    try {
      while (true) {
        batch.clear();
        int bytes = 0;
        Outgoing item;
        while (bytes < BATCH_BYTES && !held && (item = queue.pollFirst()) != null) {
          batch.add(item);
          bytes += item.frame().length;
        }
        if (batch.isEmpty()) {
          stoppedWriting();
          // A frame may have arrived after the poll above and before the flag was cleared.
          if (held || queue.isEmpty() || !writing.compareAndSet(false, true)) {
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

  /**
   * Writes a batch. Frames nobody waits on go out together, in one write where they fit; a frame
   * with an {@code onWritten} callback is flushed on its own first, so the callback runs only when
   * that very frame has left, never because a batch it was part of half succeeded.
   */
  private void write(List<Outgoing> batch) throws IOException {
    List<byte[]> together = new ArrayList<>();
    for (Outgoing item : batch) {
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
