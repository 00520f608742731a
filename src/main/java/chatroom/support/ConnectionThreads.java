package chatroom.support;

import java.lang.reflect.Method;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts one thread per connection, Java's twin of Go's {@code go serve(conn)}.
 *
 * <p>On JDK 21 and newer the thread is a virtual thread: like a goroutine it costs a few hundred
 * bytes until it runs, so a server can hold tens of thousands of them. On JDK 17 it is an ordinary
 * platform thread. The project compiles for Java 17, so the JDK 21 API is looked up at run time.
 */
public final class ConnectionThreads {
  private static final ThreadFactory FACTORY = virtualThreadFactory();
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Executor SHORT_TASKS = shortTaskExecutor();

  private ConnectionThreads() {}

  /** Starts {@code task} on a new thread called {@code name-N} and returns that thread. */
  public static Thread start(String name, Runnable task) {
    Thread thread =
        FACTORY != null ? FACTORY.newThread(task) : new Thread(task); // JDK 17: platform thread
    thread.setName(name + "-" + COUNTER.incrementAndGet());
    if (!thread.isDaemon()) {
      thread.setDaemon(true); // connection threads never keep the JVM alive on their own
    }
    thread.start();
    return thread;
  }

  /**
   * Runs a short task, such as writing what is queued for one connection, on a virtual thread (JDK
   * 21+) or on a pooled platform thread that is reused by later tasks (JDK 17), so that idle
   * connections hold no thread for writing.
   */
  public static Executor shortTasks() {
    return SHORT_TASKS;
  }

  /** True on JDK 21+, where {@link #start} makes virtual threads. */
  public static boolean virtual() {
    return FACTORY != null;
  }

  /** Says which kind of thread {@link #start} makes, for the servers' start-up line. */
  public static String kind() {
    return FACTORY != null ? "virtual thread" : "platform thread";
  }

  private static Executor shortTaskExecutor() {
    if (FACTORY != null) {
      return task -> FACTORY.newThread(task).start(); // a virtual thread per task costs little
    }
    return Executors.newCachedThreadPool(
        task -> {
          Thread thread = new Thread(task, "writer-" + COUNTER.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** {@code Thread.ofVirtual().factory()} on JDK 21+, or null on JDK 17. */
  private static ThreadFactory virtualThreadFactory() {
    try {
      Method ofVirtual = Thread.class.getMethod("ofVirtual");
      Object builder = ofVirtual.invoke(null);
      Method factory = Class.forName("java.lang.Thread$Builder").getMethod("factory");
      return (ThreadFactory) factory.invoke(builder);
    } catch (ReflectiveOperationException notJava21) {
      return null;
    }
  }
}
