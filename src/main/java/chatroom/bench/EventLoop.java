package chatroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One thread that watches many connections at once with a {@link Selector}: it sleeps until some
 * socket has data (or room to write), and then serves exactly those. A thread per simulated user
 * would spend more time waking up than working; this way the generator stays cheap, so that what it
 * measures is the server.
 */
final class EventLoop implements AutoCloseable {
  private final Selector selector;
  private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  EventLoop(String name) throws IOException {
    selector = Selector.open();
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts watching {@code client}'s connection (from any thread). */
  void register(TcpBenchClient client) {
    onLoop(
        () -> {
          try {
            SelectionKey key = client.channel().register(selector, SelectionKey.OP_READ, client);
            client.registered(key);
          } catch (IOException e) {
            client.failed(e.getMessage());
          }
        });
  }

  /** Asks to be told when {@code client}'s socket can take more bytes (from any thread). */
  void wantWrite(TcpBenchClient client) {
    onLoop(
        () -> {
          SelectionKey key = client.key();
          if (key != null && key.isValid()) {
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          }
        });
  }

  private void onLoop(Runnable task) {
    pending.add(task);
    selector.wakeup();
  }

  private void run() {
    try (selector) {
      while (running) {
        selector.select(EventLoop::serve); // each ready key, without building a set of them
        Runnable task;
        while ((task = pending.poll()) != null) {
          task.run();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the event loop failed", e);
    }
  }

  private static void serve(SelectionKey key) {
    TcpBenchClient client = (TcpBenchClient) key.attachment();
    try {
      if (key.isReadable()) {
        client.readAvailable();
      }
      if (key.isValid() && key.isWritable() && client.writeWaiting()) {
        key.interestOps(SelectionKey.OP_READ);
      }
    } catch (IOException | CancelledKeyException e) {
      key.cancel();
      client.failed(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /** Stops the loop; the loop's own thread closes the selector, so it never sees it closed. */
  @Override
  public void close() {
    running = false;
    selector.wakeup();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
