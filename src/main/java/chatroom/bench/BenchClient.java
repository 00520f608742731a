package chatroom.bench;

import chatroom.chat.common.Json;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.Transfer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated user, whatever carries its messages ({@link TcpBenchClient} or {@link
 * WebSocketBenchClient}): just enough protocol to log in and to recognise what arrives without
 * decoding every envelope.
 */
abstract class BenchClient implements AutoCloseable {
  /** What happens to each envelope that is not the answer a request waits for. */
  interface Receiver {
    /**
     * An envelope arrived: its JSON is {@code bytes[offset .. offset + length)}, valid only during
     * this call (the buffer may be reused, so that receiving allocates nothing); {@code type} is
     * the envelope's type, read without a full decode.
     */
    void frame(String type, byte[] bytes, int offset, int length);

    /** The connection ended without {@link #close}. */
    void lost(String reason);
  }

  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

  private final int index;
  private final Receiver receiver;
  private volatile String awaitedType;
  private volatile CompletableFuture<Message> answer;
  volatile boolean closing;

  BenchClient(int index, Receiver receiver) {
    this.index = index;
    this.receiver = receiver;
  }

  /** The client's number in the run (its user id is --first-id plus this); -1 for a helper. */
  final int index() {
    return index;
  }

  /**
   * Sends a complete TCP frame, length header included (a WebSocket client sends the envelope after
   * the header as one text message). What the connection cannot take now is sent when it can.
   */
  abstract void send(byte[] frame) throws IOException;

  /** Whether some of what was sent has not been handed to the operating system yet. */
  abstract boolean sending();

  /** Sends a request and waits for the envelope of {@code answerType}, decoded. */
  final Message request(MessageType type, Object payload, MessageType answerType, Duration timeout)
      throws IOException {
    CompletableFuture<Message> waiting = new CompletableFuture<>();
    answer = waiting;
    awaitedType = answerType.wireName();
    send(Transfer.frame(type, payload));
    try {
      return waiting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException(
          "no " + answerType.wireName() + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } finally {
      awaitedType = null;
    }
  }

  /** An envelope arrived: the answer awaited, or something for the receiver. */
  final void deliver(byte[] bytes, int offset, int length) throws IOException {
    String type = typeOf(bytes, offset, length);
    if (type.equals(awaitedType)) {
      byte[] body = Arrays.copyOfRange(bytes, offset, offset + length);
      answer.complete(Json.decodeEnvelope(body));
    } else {
      receiver.frame(type, bytes, offset, length);
    }
  }

  /** The connection failed. */
  final void failed(String reason) {
    CompletableFuture<Message> waiting = answer;
    if (waiting != null) {
      waiting.completeExceptionally(new IOException(reason));
    }
    if (!closing) {
      receiver.lost(reason);
    }
  }

  /**
   * The envelope's type, read from its first bytes; a mangled envelope is reported. The known types
   * come back as constants, so that reading one allocates nothing.
   */
  static String typeOf(byte[] bytes, int offset, int length) throws IOException {
    for (int i = 0; i < TYPE_PREFIX.length; i++) {
      if (i >= length || bytes[offset + i] != TYPE_PREFIX[i]) {
        throw new IOException("corrupted stream: a frame that is not an envelope");
      }
    }
    int from = offset + TYPE_PREFIX.length;
    int end = from;
    while (end < offset + length && bytes[end] != '"') {
      end++;
    }
    for (MessageType known : MessageType.values()) {
      if (sameAscii(known.wireName(), bytes, from, end)) {
        return known.wireName();
      }
    }
    return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
  }

  private static boolean sameAscii(String name, byte[] bytes, int from, int end) {
    if (name.length() != end - from) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) != bytes[from + i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public abstract void close() throws IOException;
}
