package chatroom.support;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many connections a server holds at once, counted across every way in: the chat server's TCP
 * port and its WebSocket port share one limit, so a second door does not double the cap. A second
 * limit counts per client address, so that one machine cannot take every place: silent sockets from
 * one address once gave everyone else 503 for five minutes.
 *
 * <p>Each listener asks {@link #tryOpen} before it serves a new connection and calls {@link
 * #closed} once that connection is gone. An IPv6 address counts by its /64 network, the block a
 * single customer usually gets, so that one machine cannot dodge the limit by changing addresses.
 */
public final class ConnectionLimit {
  private final int max;
  private final int perAddress; // 0: no limit per address
  private final Set<InetAddress> exempt;
  private final AtomicInteger open = new AtomicInteger();
  private final Map<InetAddress, Integer> byAddress = new ConcurrentHashMap<>();

  /** A limit of {@code max} connections at once, and no limit per address. */
  public ConnectionLimit(int max) {
    this(max, 0, Set.of());
  }

  /**
   * A limit of {@code max} connections at once, {@code perAddress} from one address (0: none),
   * except from the addresses in {@code exempt} (a load generator's, say).
   */
  public ConnectionLimit(int max, int perAddress, Set<InetAddress> exempt) {
    this.max = max;
    this.perAddress = perAddress;
    this.exempt = Set.copyOf(exempt);
  }

  /**
   * Counts one more connection from {@code peer}, unless a limit is reached.
   *
   * @return why the connection must be refused, for the client to read; empty if it was counted
   */
  public Optional<String> tryOpen(InetAddress peer) {
    while (true) {
      int now = open.get();
      if (now >= max) {
        return Optional.of("the server is full; try later");
      }
      if (open.compareAndSet(now, now + 1)) { // listeners on other threads count at the same time
        break;
      }
    }
    if (perAddress > 0 && !exempt.contains(peer)) {
      boolean[] admitted = new boolean[1];
      byAddress.compute(
          network(peer),
          (address, count) -> {
            int before = count == null ? 0 : count;
            admitted[0] = before < perAddress;
            return admitted[0] ? before + 1 : count;
          });
      if (!admitted[0]) {
        open.decrementAndGet();
        return Optional.of(
            "too many connections from your address (" + perAddress + "); close some first");
      }
    }
    return Optional.empty();
  }

  /** Counts one connection from {@code peer} gone; once for each successful {@link #tryOpen}. */
  public void closed(InetAddress peer) {
    open.decrementAndGet();
    if (perAddress > 0 && !exempt.contains(peer)) {
      byAddress.computeIfPresent(network(peer), (address, count) -> count > 1 ? count - 1 : null);
    }
  }

  /** The address that counts for {@code peer}: itself, or its /64 network for IPv6. */
  static InetAddress network(InetAddress peer) {
    if (!(peer instanceof Inet6Address)) {
      return peer;
    }
    byte[] bytes = Arrays.copyOf(peer.getAddress(), 16);
    Arrays.fill(bytes, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException sixteenBytesAlwaysMakeAnAddress) {
      return peer;
    }
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
