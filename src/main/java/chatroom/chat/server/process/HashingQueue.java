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
 * so a flood from one address cannot push someone from another behind hundreds of its hashes.
 * Logins and registrations wait in separate lines, and logins go first: a login is someone the
 * server knows, a registration a stranger, and a storm of strangers must not keep members out. Each
 * line is bounded: at most {@code capacity} may wait in it, at most {@code perAddress} of them from
 * one address. A session that finds no place is told at once that the server is busy, rather than
 * waiting longer than any client would.
 */
public final class HashingQueue {
  /** What a hash is for, which decides the line it waits in. */
  public enum Purpose {
    LOGIN,
    REGISTRATION
  }

  private final int threads;
  private final int capacity;
  private final int perAddress;
  private final ReentrantLock lock = new ReentrantLock();
  private final Line logins = new Line();
  private final Line registrations = new Line();
  private int running; // guarded by lock

  /** The places waiting for hashes of one purpose. All fields guarded by lock. */
  private static final class Line {
    // By address, the address to serve next first.
    final LinkedHashMap<String, ArrayDeque<Place>> byAddress = new LinkedHashMap<>();
    final Map<String, Integer> placesByAddress = new HashMap<>();
    int places; // taken and not yet running, whether waiting yet or not
    int waiting; // in byAddress

    /** Frees a place of {@code address}. */
    void leave(String address) {
      places--;
      placesByAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
  }

  /**
   * A queue that runs {@code threads} hashes at once and keeps at most {@code capacity} waiting in
   * each line, at most {@code perAddress} from one address.
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
  public Optional<Place> enter(InetAddress from, Purpose purpose, boolean limited) {
    String address = Guard.addressKey(from);
    Line line = purpose == Purpose.LOGIN ? logins : registrations;
    lock.lock();
    try {
      int mine = line.placesByAddress.getOrDefault(address, 0);
      int free = threads - running; // places that will not have to wait
      if (limited && (line.places >= capacity + free || mine >= perAddress + free)) {
        return Optional.empty();
      }
      line.places++;
      line.placesByAddress.put(address, mine + 1);
      return Optional.of(new Place(line, address));
    } finally {
      lock.unlock();
    }
  }

  /** How many hashes are waiting for their turn right now. */
  public int waiting() {
    lock.lock();
    try {
      return logins.waiting + registrations.waiting;
    } finally {
      lock.unlock();
    }
  }

  /** A place in a line: {@link #run} uses it once; {@link #close} gives it up if it was not. */
  public final class Place implements AutoCloseable {
    private final Line line;
    private final String address;
    private final Condition turn = lock.newCondition();
    private boolean started; // guarded by lock
    private boolean left; // guarded by lock

    private Place(Line line, String address) {
      this.line = line;
      this.address = address;
    }

    /** Waits for this place's turn, runs {@code hash} on the calling thread, returns its result. */
    public <T> T run(Supplier<T> hash) {
      lock.lock();
      try {
        if (started || left) {
          throw new IllegalStateException("a place in the line is used once");
        }
        line.byAddress.computeIfAbsent(address, a -> new ArrayDeque<>()).addLast(this);
        line.waiting++;
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
          line.leave(address);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** Starts waiting hashes while threads are free: logins first, one address after another. */
  private void handOutTurns() {
    while (running < threads) {
      Line line = !logins.byAddress.isEmpty() ? logins : registrations;
      if (line.byAddress.isEmpty()) {
        return;
      }
      Iterator<Map.Entry<String, ArrayDeque<Place>>> first = line.byAddress.entrySet().iterator();
      Map.Entry<String, ArrayDeque<Place>> next = first.next();
      first.remove();
      Place place = next.getValue().removeFirst();
      if (!next.getValue().isEmpty()) {
        line.byAddress.put(next.getKey(), next.getValue()); // to the back of the round
      }
      line.waiting--;
      line.leave(place.address);
      running++;
      place.started = true;
      place.turn.signal();
    }
  }
}
