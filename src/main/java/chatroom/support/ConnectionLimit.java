package chatroom.support;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections a server holds at once, counted across every way in: the chat server's TCP
 * port and its WebSocket port share one limit, so a second door does not double the cap.
 *
 * <p>Each listener asks {@link #tryOpen} before it serves a new connection and calls {@link
 * #closed} once that connection is gone. Both take the client's address, for limits per address.
 */
public final class ConnectionLimit {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  /** A limit of {@code max} connections at once. */
  public ConnectionLimit(int max) {
    this.max = max;
  }

  /**
   * Counts one more connection from {@code peer}, unless the limit is reached.
   *
   * @return false if the connection must be refused; then nothing was counted
   */
  public boolean tryOpen(InetAddress peer) {
    while (true) {
      int now = open.get();
      if (now >= max) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) { // listeners on other threads count at the same time
        return true;
      }
    }
  }

  /** Counts one connection from {@code peer} gone; once for each successful {@link #tryOpen}. */
  public void closed(InetAddress peer) {
    open.decrementAndGet();
  }

  /** The most connections allowed at once. */
  public int max() {
    return max;
  }

  /** How many connections are open now. */
  public int open() {
    return open.get();
  }
}
