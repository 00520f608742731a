package chatroom.bench;

import chatroom.chat.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the simulated users receive, and how late. Every chat message the generator sends
 * carries {@code b:<sender>:<nanoTime>:} at the start of its text, so a receiver knows who sent it
 * and when, without decoding the whole frame.
 */
final class Deliveries {
  private static final byte[] MARK = "b:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CODE = "code\\\":".getBytes(StandardCharsets.US_ASCII);

  private final Report report;
  private final int nodes;
  private final List<Latencies> sameNode = new ArrayList<>(); // guarded by itself
  private final List<Latencies> crossNode = new ArrayList<>(); // guarded by sameNode
  private final LongAdder chatSameNode = new LongAdder();
  private final LongAdder chatCrossNode = new LongAdder();
  private final LongAdder notices = new LongAdder();
  private final LongAdder answered = new LongAdder();
  private final AtomicLongArray deliveredFrom;
  private final AtomicLongArray answeredTo;

  private volatile long measureFrom = Long.MIN_VALUE;

  Deliveries(Report report, int clients) {
    this(report, clients, 1);
  }

  /**
   * Counts for {@code clients} clients spread over {@code nodes} servers: client n is on node n %
   * nodes, and a delivery between two nodes is counted apart from one within a node.
   */
  Deliveries(Report report, int clients, int nodes) {
    this.report = report;
    this.nodes = nodes;
    this.deliveredFrom = new AtomicLongArray(clients);
    this.answeredTo = new AtomicLongArray(clients);
  }

  /** The text of message {@code seq} from client {@code sender}, sent (or due) at {@code nanos}. */
  static String content(int sender, long nanos, int size) {
    StringBuilder text =
        new StringBuilder("b:").append(sender).append(':').append(nanos).append(':');
    while (text.length() < size) {
      text.append('x');
    }
    return text.toString();
  }

  /** A receiver for simulated client number {@code me}. */
  BenchClient.Receiver receiverFor(int me) {
    Latencies mine = new Latencies();
    Latencies mineAcross = new Latencies();
    synchronized (sameNode) {
      sameNode.add(mine);
      crossNode.add(mineAcross);
    }
    return new BenchClient.Receiver() {
      private long frames;

      @Override
      public void frame(String type, byte[] bytes, int offset, int length) {
        long now = System.nanoTime();
        if (++frames % 64 == 0) {
          checkDecodes(bytes, offset, length); // a sample decoded in full: not corrupted
        }
        switch (type) {
          case "SmsMes", "PrivateSmsMes" -> {
            int at = indexOf(bytes, offset, length, MARK);
            if (at < 0) {
              report.error("a message without a send time");
              return;
            }
            int[] end = {at + MARK.length};
            int sender = (int) number(bytes, end);
            long sent = number(bytes, end);
            boolean across = sender % nodes != me % nodes;
            if (sent >= measureFrom) {
              (across ? mineAcross : mine).record(now - sent);
            }
            (across ? chatCrossNode : chatSameNode).increment();
            deliveredFrom.incrementAndGet(sender);
          }
          case "NotifyUserStatusMes" -> notices.increment();
          case "SmsResMes" -> {
            int code = code(bytes, offset, length);
            if (code == 200) {
              answered.increment();
              answeredTo.incrementAndGet(me);
            } else {
              report.error("private message answered " + code);
              answeredTo.incrementAndGet(me);
            }
          }
          case "ErrorResMes" -> report.error("ErrorResMes " + code(bytes, offset, length));
          default -> report.error("unexpected " + type);
        }
      }

      @Override
      public void lost(String reason) {
        report.error("disconnected: " + reason);
      }
    };
  }

  private void checkDecodes(byte[] bytes, int offset, int length) {
    try {
      Json.decodeEnvelope(Arrays.copyOfRange(bytes, offset, offset + length));
    } catch (IOException e) {
      report.error("corrupted frame");
    }
  }

  /**
   * Ignores the latency of messages sent before {@code nanoTime}: while the server's code is still
   * being compiled, its first seconds are slower than it will be later.
   */
  void measureLatencyFrom(long nanoTime) {
    measureFrom = nanoTime;
  }

  /** Chat messages received so far. */
  long chatReceived() {
    return chatSameNode.sum() + chatCrossNode.sum();
  }

  /** Chat messages received so far from a sender on another node ({@code across}), or the same. */
  long chatReceived(boolean across) {
    return (across ? chatCrossNode : chatSameNode).sum();
  }

  long noticesReceived() {
    return notices.sum();
  }

  /** Messages of client {@code sender} received, counted over all receivers. */
  long deliveredFrom(int sender) {
    return deliveredFrom.get(sender);
  }

  /** Answers (SmsResMes) that client {@code me} received. */
  long answeredTo(int me) {
    return answeredTo.get(me);
  }

  /** Every latency recorded, merged and sorted. */
  long[] latencies() {
    synchronized (sameNode) {
      List<Latencies> all = new ArrayList<>(sameNode);
      all.addAll(crossNode);
      return Latencies.merged(all);
    }
  }

  /** The latencies of deliveries between nodes ({@code across}), or within one, sorted. */
  long[] latencies(boolean across) {
    synchronized (sameNode) {
      return Latencies.merged(across ? crossNode : sameNode);
    }
  }

  private static int code(byte[] bytes, int offset, int length) {
    int at = indexOf(bytes, offset, length, CODE);
    if (at < 0) {
      return -1;
    }
    int[] end = {at + CODE.length};
    return (int) number(bytes, end);
  }

  /** Reads the decimal number at {@code at[0]}, moving it past the number and one separator. */
  private static long number(byte[] body, int[] at) {
    long value = 0;
    int i = at[0];
    while (i < body.length && body[i] >= '0' && body[i] <= '9') {
      value = value * 10 + (body[i] - '0');
      i++;
    }
    at[0] = i + 1;
    return value;
  }

  private static int indexOf(byte[] bytes, int offset, int length, byte[] part) {
    outer:
    for (int i = offset; i + part.length <= offset + length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
