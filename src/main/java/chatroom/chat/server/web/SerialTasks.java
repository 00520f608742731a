package chatroom.chat.server.web;

import chatroom.support.ConnectionThreads;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one connection's tasks one after another, in the order given, off Jetty's threads: a request
 * may block (a password hash, Redis, a paced sender), and the end of a session must wait for the
 * request before it, as it does on a TCP connection's own thread.
 */
final class SerialTasks implements Executor {
  private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean();

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    startIfIdle();
  }

  private void startIfIdle() {
    // A task added after the runner's last look starts a new runner; only one runs at a time.
    if (!queue.isEmpty() && running.compareAndSet(false, true)) {
      ConnectionThreads.shortTasks().execute(this::runAll);
    }
  }

  private void runAll() {
    try {
      for (Runnable task = queue.poll(); task != null; task = queue.poll()) {
        task.run();
      }
    } finally {
      running.set(false);
      startIfIdle();
    }
  }
}
