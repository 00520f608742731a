package chatroom.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the chat messages of a run: group messages from {@code --senders} clients, or private
 * messages from every client to random others; at {@code --rate} per sender, or flat out.
 */
final class Senders {
  /**
   * How many messages a group sender going flat out may have on their way, unless --window says.
   */
  static final int WINDOW = 64;

  /**
   * How many private messages all clients together may have on their way when going flat out,
   * unless --window says: more would only make each wait longer in queues, not make the server
   * deliver faster.
   */
  static final int PRIVATE_WINDOW = 4096;

  /** Threads that send for many private-chat clients at once. */
  private static final int PACERS = 2;

  /**
   * A pacer sleeps at least this long: shorter sleeps cost more in wake-ups than they gain. A
   * message sent after its due time still counts from its due time, so this can only make the
   * latencies reported worse, never better.
   */
  private static final long MIN_SLEEP_NANOS = 200_000;

  private final BenchOptions options;
  private final List<BenchClient> online;
  private final Deliveries deliveries;
  private final Report report;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sentAcross = new AtomicLong(); // private: to a client on another node
  private final long[] sentBy; // group: by each sender, written by its own thread only
  private boolean group;

  Senders(BenchOptions options, List<BenchClient> online, Deliveries deliveries, Report report) {
    this.options = options;
    this.online = online;
    this.deliveries = deliveries;
    this.report = report;
    this.sentBy = new long[online.size()];
  }

  /** Sends until {@code deadline} and returns how many messages were sent. */
  long run(boolean group, long start, long deadline) throws InterruptedException {
    this.group = group;
    int senders = group ? options.senders() : online.size();
    boolean paced = options.rate() > 0;
    int threads = group ? senders : Math.min(PACERS, senders);
    CountDownLatch finished = new CountDownLatch(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      // Platform threads: a few busy ones, where virtual threads would only add scheduling work.
      Thread sender =
          new Thread(
              () -> {
                try {
                  if (group) {
                    sendAs(thread, start, deadline);
                  } else if (paced) {
                    pace(thread, threads, start, deadline);
                  } else {
                    flatOut(thread, threads, deadline);
                  }
                } catch (IOException e) {
                  report.error("send failed: " + e.getMessage());
                } finally {
                  finished.countDown();
                }
              },
              "bench-sender-" + t);
      sender.setDaemon(true);
      sender.start();
    }
    finished.await();
    return sent.get();
  }

  /**
   * How many deliveries the messages sent should have made within a node ({@code across} false) or
   * between nodes (true): a group message reaches every other client, a private one its peer.
   */
  long expected(boolean across) {
    if (!group) {
      return across ? sentAcross.get() : sent.get() - sentAcross.get();
    }
    int[] perNode = new int[options.servers().size()];
    for (BenchClient client : online) {
      perNode[options.node(client.index())]++;
    }
    long total = 0;
    for (int s = 0; s < online.size(); s++) {
      int here = perNode[options.node(online.get(s).index())];
      total += sentBy[s] * (across ? online.size() - here : here - 1);
    }
    return total;
  }

  /**
   * One group sender: paced by --rate, or flat out with at most a window of messages on their way
   * (with no window, only as fast as its socket takes them).
   */
  private void sendAs(int me, long start, long deadline) throws IOException {
    BenchClient client = online.get(me);
    long period = options.rate() > 0 ? 1_000_000_000L / options.rate() : 0;
    int window = options.window().orElse(WINDOW);
    int others = online.size() - 1;
    for (long count = 0; System.nanoTime() < deadline; count++) {
      long stamp;
      if (period > 0) {
        // Timed from when the message was due, not when it went: a late start counts as latency.
        stamp = start + count * period;
        long wait = stamp - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      } else {
        while (window > 0
            ? count - deliveries.deliveredFrom(client.index()) / Math.max(1, others) >= window
            : client.sending()) {
          if (System.nanoTime() >= deadline) {
            return;
          }
          LockSupport.parkNanos(50_000);
        }
        stamp = System.nanoTime();
      }
      client.send(groupFrame(client.index(), stamp));
      sentBy[me]++;
      sent.incrementAndGet();
    }
  }

  /**
   * Sends for the clients {@code thread}, {@code thread + threads}, ... as fast as the server
   * answers: each client whose share of PRIVATE_WINDOW is not used up sends its next message. One
   * thread per client would spend the generator's time waking threads, not sending.
   */
  private void flatOut(int thread, int threads, long deadline) throws IOException {
    int window = options.window().orElse(Math.max(1, PRIVATE_WINDOW / online.size()));
    long[] sentBy = new long[online.size()];
    Random random = new Random(thread);
    while (System.nanoTime() < deadline) {
      boolean any = false;
      for (int me = thread; me < online.size(); me += threads) {
        BenchClient client = online.get(me);
        boolean room =
            window > 0
                ? sentBy[me] - deliveries.answeredTo(client.index()) < window
                : !client.sending();
        if (room) {
          sendPrivate(me, peer(random, me), System.nanoTime());
          sentBy[me]++;
          any = true;
        }
      }
      if (!any) {
        LockSupport.parkNanos(MIN_SLEEP_NANOS); // every window is full: let the answers come
      }
    }
  }

  /**
   * Sends for the clients {@code thread}, {@code thread + threads}, ... each at --rate, always to
   * whichever is due next. Two threads keep a thousand clients on time; a thousand threads each
   * sleeping between messages would cost more than the server does.
   */
  private void pace(int thread, int threads, long start, long deadline) throws IOException {
    long period = 1_000_000_000L / options.rate();
    PriorityQueue<long[]> due = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    for (int me = thread; me < online.size(); me += threads) {
      // Spread the clients over one period, so that they do not all send at the same instant.
      due.add(new long[] {start + period * me / online.size(), me});
    }
    Random random = new Random(thread);
    while (true) {
      long now = System.nanoTime();
      long[] next;
      // Everything due by now goes out, then the thread sleeps until the next is due.
      while ((next = due.peek())[0] <= now && next[0] < deadline) {
        due.poll();
        int me = (int) next[1];
        sendPrivate(me, peer(random, me), next[0]);
        next[0] += period;
        due.add(next);
      }
      if (next[0] >= deadline) {
        return;
      }
      LockSupport.parkNanos(Math.max(MIN_SLEEP_NANOS, next[0] - now));
    }
  }

  /** Client {@code online[me]} sends a private message to {@code online[to]}, stamped. */
  private void sendPrivate(int me, int to, long stamp) throws IOException {
    BenchClient from = online.get(me);
    int peer = online.get(to).index();
    from.send(privateFrame(from.index(), peer, stamp));
    if (options.node(from.index()) != options.node(peer)) {
      sentAcross.incrementAndGet();
    }
    sent.incrementAndGet();
  }

  private int peer(Random random, int me) {
    int to = random.nextInt(online.size() - 1);
    return to >= me ? to + 1 : to;
  }

  /**
   * A group message, written straight into the bytes of a frame: the text is plain ASCII, so no
   * JSON library is needed, and the generator spends its time on the server, not on itself.
   */
  private byte[] groupFrame(int me, long stamp) {
    return frame(
        "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\""
            + Deliveries.content(me, stamp, options.size())
            + "\\\",\\\"userId\\\":0,\\\"userPwd\\\":\\\"\\\",\\\"userName\\\":\\\"\\\"}\"}");
  }

  /** A private message to client number {@code to}, written the same way. */
  private byte[] privateFrame(int me, int to, long stamp) {
    return frame(
        "{\"type\":\"PrivateSmsMes\",\"data\":\"{\\\"toUserId\\\":"
            + (options.firstId() + to)
            + ",\\\"content\\\":\\\""
            + Deliveries.content(me, stamp, options.size())
            + "\\\"}\"}");
  }

  private static byte[] frame(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }
}
