package chatroom.chat.server.process;

import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames waiting to be written to one connection: a bounded queue and a writer.
 *
 * <p>Whoever sends to a connection only adds a frame here and returns at once; a writer task drains
 * the queue, writing everything queued in one go. Two limits keep memory bounded without punishing
 * a client that reads, only slowly: past the <em>soft</em> limit (a quarter of the hard one) the
 * client is {@link #behind}, and whoever sent to it waits until it has {@link #awaitCaughtUp caught
 * up}, so a fast sender is slowed to what its readers take; past the <em>hard</em> limit {@link
 * #offer} refuses, and the session disconnects the client. A client that takes nothing at all for a
 * while is stalled, not slow: waiting for it would hold up everyone, so it is cut instead.
 */
final class Outbox {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);

  /**
   * At most this many bytes are gathered into one write. A write returns once the client has taken
   * enough to make room for it, so this is also how finely a slow client's progress is seen: a
   * client reading 4 KB a second still shows progress every few seconds.
   */
  private static final int BATCH_BYTES = 16 * 1024;

  /** How often a platform-thread writer yields before it goes idle; see moreComesSoon. */
  private static final int LINGER_YIELDS = 8;

  private final Connection connection;
  private final long limitBytes;
  private final long softLimitBytes;
  private final Runnable onWriteFailure;

  // The lock guards everything below it; it is only ever held for a few steps, never while
  // writing to the socket, so a slow client cannot hold up whoever sends to it.
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final Condition caughtUp = lock.newCondition();
  private final ArrayDeque<Outgoing> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean writing;
  private boolean held;
  private boolean closed;
  private int waitingForIdle;
  private int waitingForCatchUp;
  private long progressNanos; // when the writer last took frames, or frames began to wait
  private int written; // how many frames of the writer's batch have left; the writer's own
  // Frames that will never be written, whose onDropped has yet to run, in the order they were
  // sent. While any wait, or one runner is running them, the outbox is "dropping": a frame
  // offered to a closed outbox then joins them at the end instead of being refused, so that
  // private messages kept again for later keep their order.
  private final List<Outgoing> pendingDrops = new ArrayList<>();
  private boolean runningDrops;
  private volatile Lock dropOrder = new ReentrantLock(); // held while frames are dropped

  Outbox(Connection connection, long limitBytes, Runnable onWriteFailure) {
    this.connection = connection;
    this.limitBytes = limitBytes;
    this.softLimitBytes = Math.max(1, limitBytes / 4);
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
    return offer(new Outgoing(frame, onWritten), limited);
  }

  /**
   * Queues a frame with its callbacks; as {@link #offer(byte[], Runnable, boolean)}. If it is
   * refused, its {@code onDropped} is not run: the caller knows it was not queued.
   */
  boolean offer(Outgoing outgoing, boolean limited) {
    byte[] frame = outgoing.frame();
    boolean startWriter;
    lock.lock();
    try {
      if (closed && outgoing.onDropped() != null && (runningDrops || !pendingDrops.isEmpty())) {
        pendingDrops.add(outgoing); // joins the frames being dropped, after them
        return true;
      }
      if (closed || (limited && queuedBytes + frame.length > limitBytes)) {
        return false;
      }
      if (queue.isEmpty() && !writing) {
        progressNanos = System.nanoTime(); // the client's time to take what waits starts now
      }
      queue.addLast(outgoing);
      queuedBytes += frame.length;
      startWriter = claimWriter();
    } finally {
      lock.unlock();
    }
    if (startWriter) {
      ConnectionThreads.shortTasks().execute(this::drain);
    }
    return true;
  }

  /**
   * Puts frames, in order, ahead of everything queued so far. Only while {@link #hold held}, so
   * that no writer is taking frames from the front at the same time.
   */
  void putFirst(List<Outgoing> frames) {
    lock.lock();
    try {
      if (!held) {
        throw new IllegalStateException("putFirst needs the outbox held");
      }
      for (int i = frames.size() - 1; i >= 0; i--) {
        queue.addFirst(frames.get(i));
        queuedBytes += frames.get(i).frame().length;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Keeps what is queued from being written until {@link #release}. */
  void hold() {
    lock.lock();
    try {
      held = true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the writer go again, and starts it if anything waits. */
  void release() {
    boolean startWriter;
    lock.lock();
    try {
      held = false;
      if (!writing && !queue.isEmpty()) {
        // Held frames could not be taken: the client's time to take them starts now.
        progressNanos = System.nanoTime();
      }
      startWriter = claimWriter();
    } finally {
      lock.unlock();
    }
    if (startWriter) {
      ConnectionThreads.shortTasks().execute(this::drain);
    }
  }

  /**
   * Call with the lock held. True if a writer should start: frames wait, the outbox is not held,
   * and no writer runs. It is then marked running, so at most one writer runs per connection and
   * frames leave in order.
   */
  private boolean claimWriter() {
    if (writing || held || queue.isEmpty()) {
      return false;
    }
    writing = true;
    return true;
  }

  /** How many bytes wait to be written. */
  long queuedBytes() {
    lock.lock();
    try {
      return queuedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting frames and forgets those not yet written. */
  void close() {
    lock.lock();
    try {
      closed = true;
      forgetQueued();
    } finally {
      lock.unlock();
    }
    runPendingDropsUnlessWriting();
  }

  /** Forgets the frames not yet written, but stays open. */
  void discardQueued() {
    lock.lock();
    try {
      forgetQueued();
    } finally {
      lock.unlock();
    }
    runPendingDropsUnlessWriting();
  }

  /** Call with the lock held. Moves the queue to the frames to drop. */
  private void forgetQueued() {
    for (Outgoing item : queue) {
      queuedBytes -= item.frame().length;
      if (item.onDropped() != null) {
        pendingDrops.add(item);
      }
    }
    queue.clear();
    wakeIdleWaiters();
  }

  /**
   * Runs the frames to drop, unless the writer is busy with a batch that comes before them: then
   * the writer runs them after it.
   */
  private void runPendingDropsUnlessWriting() {
    lock.lock();
    try {
      if (writing) {
        return;
      }
    } finally {
      lock.unlock();
    }
    runPendingDrops();
  }

  /**
   * Runs the {@code onDropped} callbacks of frames that will never be written, in order, with no
   * lock held, until none are left; one runner at a time, so that the order holds.
   */
  private void runPendingDrops() {
    while (true) {
      List<Outgoing> dropped;
      lock.lock();
      try {
        if (pendingDrops.isEmpty() || runningDrops) {
          return;
        }
        runningDrops = true;
        dropped = new ArrayList<>(pendingDrops);
        pendingDrops.clear();
      } finally {
        lock.unlock();
      }
      Lock order = dropOrder;
      order.lock();
      try {
        dropped.forEach(item -> runQuietly(item.onDropped()));
      } finally {
        order.unlock();
        lock.lock();
        try {
          runningDrops = false;
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Writes until the queue is empty; only one drain runs at a time for one connection. */
  private void drain() {
    List<Outgoing> batch = new ArrayList<>();
    boolean busy = false; // did the last batch hold more than one frame?
    try {
      while (true) {
        if (!takeBatch(batch)) {
          if ((busy && moreComesSoon()) || !stopWriting()) {
            continue;
          }
          return;
        }
        write(batch);
        busy = batch.size() > 1;
        lock.lock();
        try {
          for (Outgoing sent : batch) {
            queuedBytes -= sent.frame().length;
          }
          progressNanos = System.nanoTime();
          if (waitingForCatchUp > 0 && queuedBytes <= softLimitBytes) {
            caughtUp.signalAll();
          }
        } finally {
          lock.unlock();
        }
        runPendingDrops(); // anything forgotten while this batch was being written
      }
    } catch (IOException e) {
      lock.lock();
      try {
        closed = true;
        // The frames of this batch that never left come first, then what was forgotten.
        List<Outgoing> unsent = batch.subList(written, batch.size());
        for (Outgoing item : unsent) {
          queuedBytes -= item.frame().length;
        }
        pendingDrops.addAll(0, unsent.stream().filter(item -> item.onDropped() != null).toList());
        forgetQueued();
        writing = false;
        wakeIdleWaiters();
      } finally {
        lock.unlock();
      }
      runPendingDrops();
      onWriteFailure.run();
    }
  }

  /**
   * Moves up to BATCH_BYTES of frames from the queue into {@code batch}.
   *
   * @return false if there were none to take, or the outbox is held
   */
  private boolean takeBatch(List<Outgoing> batch) {
    batch.clear();
    lock.lock();
    try {
      int bytes = 0;
      while (!held && bytes < BATCH_BYTES && !queue.isEmpty()) {
        Outgoing next = queue.pollFirst();
        batch.add(next);
        bytes += next.frame().length;
      }
      return !batch.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks the writer stopped, unless a frame arrived since the last batch: checked in the same
   * locked step, so that every frame is either written by this writer or starts a new one.
   *
   * @return false if the writer must go on
   */
  private boolean stopWriting() {
    lock.lock();
    try {
      if (!held && !queue.isEmpty()) {
        return false;
      }
      writing = false;
      wakeIdleWaiters();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writes a batch. Frames nobody waits on go out together, in one write where they fit; a frame
   * with a callback is flushed on its own, so that {@code onWritten} runs only when that very frame
   * has left, and a frame whose write failed (and so never reached the client whole) is the one
   * dropped, never a frame of a bigger write that half succeeded.
   */
  private void write(List<Outgoing> batch) throws IOException {
    written = 0;
    List<byte[]> together = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Outgoing item = batch.get(i);
      if (item.onWritten() == null && item.onDropped() == null) {
        together.add(item.frame());
        continue;
      }
      if (!together.isEmpty()) {
        connection.write(together);
        together.clear();
        written = i;
      }
      connection.write(List.of(item.frame()));
      written = i + 1;
      if (item.onWritten() != null) {
        runQuietly(item.onWritten());
      }
    }
    if (!together.isEmpty()) {
      connection.write(together);
    }
    written = batch.size();
  }

  private static void runQuietly(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      log.error("a callback after writing failed; the connection goes on", e);
    }
  }

  /**
   * Called when the queue has run dry after a batch of several frames, a sign that frames come in
   * quick succession. On platform threads (JDK 17) the writer then yields the processor a few
   * times: frames that arrive meanwhile join its next batch, instead of waking a thread each,
   * through the kernel. That took group chat on JDK 17 from about 100 000 to about a million
   * deliveries a second (docs/benchmarks.md). Where frames come one at a time, as in private chat,
   * lingering would only keep a thousand writers yielding to each other; virtual threads wake
   * cheaply, and lingering only slows them down.
   *
   * @return true if a frame arrived meanwhile
   */
  private boolean moreComesSoon() {
    if (ConnectionThreads.virtual()) {
      return false;
    }
    for (int i = 0; i < LINGER_YIELDS; i++) {
      Thread.yield(); // still marked as writing: an offer meanwhile leaves its frame to this writer
      lock.lock();
      try {
        if (!held && !queue.isEmpty()) {
          return true;
        }
      } finally {
        lock.unlock();
      }
    }
    return false;
  }

  /** Call with the lock held. Only a waiter needs waking, and usually there is none. */
  private void wakeIdleWaiters() {
    if (waitingForIdle > 0) {
      idle.signalAll();
    }
    if (waitingForCatchUp > 0) {
      caughtUp.signalAll();
    }
  }

  /**
   * The lock to hold while dropped frames are handed back, all of them in one go: the lock that
   * orders deliveries to this client's user, so that no message overtakes them meanwhile.
   */
  void orderDropsBy(Lock lock) {
    this.dropOrder = lock;
  }

  /** When the writer last took frames (or frames began to wait), as a {@link System#nanoTime}. */
  long progressNanos() {
    lock.lock();
    try {
      return progressNanos;
    } finally {
      lock.unlock();
    }
  }

  /** True when more than the soft limit waits: whoever just sent to this client should wait. */
  boolean behind() {
    lock.lock();
    try {
      return !closed && queuedBytes > softLimitBytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no more than the soft limit waits, or the outbox is closed. Waiting is what slows a
   * sender to the pace of its readers; it never lasts longer than the reader keeps taking frames.
   *
   * @return false if the client took nothing for {@code stallNanos} while behind: it is stalled
   */
  boolean awaitCaughtUp(long stallNanos) throws InterruptedException {
    lock.lock();
    waitingForCatchUp++;
    try {
      while (!closed && queuedBytes > softLimitBytes) {
        long left = progressNanos + stallNanos - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        caughtUp.awaitNanos(left);
      }
      return true;
    } finally {
      waitingForCatchUp--;
      lock.unlock();
    }
  }

  /**
   * Waits until nothing is being written and, unless the outbox is closed, nothing waits: every
   * frame queued so far has been written (and its callback run) or will never be.
   *
   * @return false if that did not happen within {@code timeoutMillis}
   */
  boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    lock.lock();
    waitingForIdle++;
    try {
      while (writing || (!closed && !queue.isEmpty())) {
        if (left <= 0) {
          return false;
        }
        left = idle.awaitNanos(left);
      }
      return true;
    } finally {
      waitingForIdle--;
      lock.unlock();
    }
  }
}
