package chatroom.testing;

import java.util.concurrent.Executor;

/** Where tests run work that blocks (a client reading, a scripted server), one thread each. */
public final class TestThreads {
  /**
   * Runs each task on a new daemon thread. {@code CompletableFuture}'s default executor must not be
   * used for blocking work: on a two-core machine with JDK 25 it is a pool of one thread, so forty
   * readers would take turns and never meet.
   */
  public static final Executor NEW_THREAD =
      task -> {
        Thread thread = new Thread(task, "test-task");
        thread.setDaemon(true);
        thread.start();
      };

  private TestThreads() {}
}
