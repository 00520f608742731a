package chatroom.chat.server.process;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets only a few password hashes run at once. A hash is slow on purpose (a quarter of a second of
 * a core, lesson 05), so a storm of logins or registrations hashing all at once would take every
 * core and stall the chat of everyone already online. Here at most {@code threads} hashes run; the
 * others wait, each on its own session's thread, so the other cores stay free for chat.
 *
 * <p>The wait is a fair line: turns go round the client addresses that are waiting, one hash each,
 * so a flood from one address cannot push someone from another behind hundreds of its hashes. And
 * it is bounded: at most {@code capacity} may wait, at most {@code perAddress} of them from one
 * address. A session that finds no place is told at once that the server is busy, rather than
 * waiting longer than any client would.
 */
public final class HashingQueue {
  private final int threads;
  private final int capacity;
  private final int perAddress;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock: the places waiting for a turn, by address, the next address to serve first.
  private final LinkedHashMap<String, ArrayDeque<Place>> lines = new LinkedHashMap<>();
  private final Map<String, Integer> placesByAddress = new HashMap<>();
  private int places; // taken and not yet running, whether waiting in a line or not
  private int waiting; // in a line
  private int running;

  /**
   * A queue that runs {@code threads} hashes at once and keeps at most {@code capacity} waiting, at
   * most {@code perAddress} from one address.
   */
  public HashingQueue(int threads, int capacity, int perAddress) {
    if (threads < 1 || capacity < 0 || perAddress < 0) {
      throw new IllegalArgumentException(threads + " threads, " + capacity + " places");
    }
    this.threads = threads;
    this.capacity = capacity;
    this.perAddress = perAddress;
  }

  /** One hash at a time by default: a machine of N cores hashes on at most N - 1. */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * Takes a place in the line for one hash from {@code from}: the place is taken first, before
   * anything the hash depends on is counted, so that a busy server counts nothing.
   *
   * @param limited false for an address the limits do not apply to, which always gets a place
   * @return the place, or empty if the line is full, or full for that address
   */
  public Optional<Place> enter(InetAddress from, boolean limited) {
    String address = Guard.addressKey(from);
    lock.lock();
    try {
      int mine = placesByAddress.getOrDefault(address, 0);
      int free = threads - running; // places that will not have to wait
      if (limited && (places >= capacity + free || mine >= perAddress + free)) {
        return Optional.empty();
      }
      places++;
      placesByAddress.put(address, mine + 1);
      return Optional.of(new Place(address));
    } finally {
      lock.unlock();
    }
  }

  /** How many hashes are waiting for their turn right now. */
  public int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** A place in the line: {@link #run} uses it once; {@link #close} gives it up if it was not. */
  public final class Place implements AutoCloseable {
    private final String address;
    private final Condition turn = lock.newCondition();
    private boolean started; // guarded by lock
    private boolean left; // guarded by lock

    private Place(String address) {
      this.address = address;
    }

    /** Waits for this place's turn, runs {@code hash} on the calling thread, returns its result. */
    public <T> T run(Supplier<T> hash) {
      lock.lock();
      try {
        if (started || left) {
          throw new IllegalStateException("a place in the line is used once");
        }
        lines.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(this);
        waiting++;
        handOutTurns();
        while (!started) {
          // Not interruptible: the hashes ahead always finish, and a place must not be lost.
          turn.awaitUninterruptibly();
        }
      } finally {
        lock.unlock();
      }
      try {
        return hash.get();
      } finally {
        lock.lock();
        try {
          running--;
          handOutTurns();
        } finally {
          lock.unlock();
        }
      }
    }

    /** Gives the place up if it was never used, say because the attempt was refused meanwhile. */
    @Override
    public void close() {
      lock.lock();
      try {
        if (!started && !left) {
          left = true;
          leave(address);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Starts waiting hashes while threads are free, one address after another. Lock held. */
  private void handOutTurns() {
    while (running < threads && !lines.isEmpty()) {
      Iterator<Map.Entry<String, ArrayDeque<Place>>> first = lines.entrySet().iterator();
      Map.Entry<String, ArrayDeque<Place>> line = first.next();
      first.remove();
      Place next = line.getValue().removeFirst();
      if (!line.getValue().isEmpty()) {
        lines.put(line.getKey(), line.getValue()); // to the back of the round
      }
      waiting--;
      leave(next.address);
      running++;
      next.started = true;
      next.turn.signal();
    }
  }

  /** Frees a place of {@code address}. Lock held. */
  private void leave(String address) {
    places--;
    placesByAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
  }
}
