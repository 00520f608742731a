package chatroom.bench;

import chatroom.chat.common.Json;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.Transfer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One simulated user: a non-blocking connection served by an {@link EventLoop}, and just enough
 * protocol to log in and to recognise what arrives without decoding every frame.
 */
final class BenchClient implements AutoCloseable {
  /** What happens to each frame that is not the answer a request waits for. */
  interface Receiver {
    /**
     * A frame arrived: its body is {@code bytes[offset .. offset + length)}, valid only during this
     * call (the buffer is reused, so that receiving allocates nothing); {@code type} is the
     * envelope's type, read without a full decode.
     */
    void frame(String type, byte[] bytes, int offset, int length);

    /** The connection ended without {@link #close}. */
    void lost(String reason);
  }

  private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);

  private final SocketChannel channel;
  private final EventLoop loop;
  private final Receiver receiver;
  private final ByteBuffer in =
      ByteBuffer.allocate(Protocol.DEFAULT_MAX_FRAME_BYTES + 4 + 64 * 1024);
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>(); // guarded by this
  private SelectionKey key;
  private volatile String awaitedType;
  private volatile CompletableFuture<Message> answer;
  private volatile boolean closing;

  private BenchClient(SocketChannel channel, EventLoop loop, Receiver receiver) {
    this.channel = channel;
    this.loop = loop;
    this.receiver = receiver;
  }

  /** Connects, from {@code source} if not null, and hands the connection to {@code loop}. */
  static BenchClient connect(
      String host, int port, String source, EventLoop loop, Receiver receiver) throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      if (source != null) {
        channel.bind(new InetSocketAddress(source, 0));
      }
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.connect(new InetSocketAddress(host, port));
      channel.configureBlocking(false);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    BenchClient client = new BenchClient(channel, loop, receiver);
    loop.register(client);
    return client;
  }

  SocketChannel channel() {
    return channel;
  }

  void registered(SelectionKey key) {
    this.key = key;
  }

  /** Sends a complete frame; what the socket cannot take now is sent when it can. */
  void send(byte[] frame) throws IOException {
    synchronized (this) {
      ByteBuffer bytes = ByteBuffer.wrap(frame);
      if (unsent.isEmpty()) {
        channel.write(bytes);
      }
      if (bytes.hasRemaining()) {
        unsent.addLast(bytes);
        loop.wantWrite(this);
      }
    }
  }

  /** On the loop: the socket can take more. Returns true when nothing is left to send. */
  synchronized boolean writeWaiting() throws IOException {
    while (!unsent.isEmpty()) {
      ByteBuffer next = unsent.peekFirst();
      channel.write(next);
      if (next.hasRemaining()) {
        return false;
      }
      unsent.removeFirst();
    }
    return true;
  }

  SelectionKey key() {
    return key;
  }

  /** Sends a request and waits for the frame of {@code answerType}, decoded. */
  Message request(MessageType type, Object payload, MessageType answerType, Duration timeout)
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

  /** On the loop: reads what has arrived and hands out every complete frame. */
  void readAvailable() throws IOException {
    int n = channel.read(in);
    if (n < 0) {
      throw new IOException("the server closed the connection");
    }
    in.flip();
    while (in.remaining() >= 4) {
      int length = in.getInt(in.position());
      if (length <= 0 || length > Protocol.DEFAULT_MAX_FRAME_BYTES) {
        // No length in the message: errors are counted by their text, one count per kind.
        throw new IOException("corrupted stream: a frame length of 0 or over 64 KiB");
      }
      if (in.remaining() < 4 + length) {
        break; // the rest of this frame is still on its way
      }
      int start = in.position() + 4;
      deliver(in.array(), start, length);
      in.position(start + length);
    }
    in.compact();
  }

  private void deliver(byte[] bytes, int offset, int length) throws IOException {
    String type = typeOf(bytes, offset, length);
    if (type.equals(awaitedType)) {
      byte[] body = Arrays.copyOfRange(bytes, offset, offset + length);
      answer.complete(Json.decodeEnvelope(body));
    } else {
      receiver.frame(type, bytes, offset, length);
    }
  }

  /** On the loop: the connection failed. */
  void failed(String reason) {
    CompletableFuture<Message> waiting = answer;
    if (waiting != null) {
      waiting.completeExceptionally(new IOException(reason));
    }
    if (!closing) {
      receiver.lost(reason);
    }
  }

  /**
   * The envelope's type, read from the frame's first bytes; a mangled frame is reported. The known
   * types come back as constants, so that reading one allocates nothing.
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
  public void close() throws IOException {
    closing = true;
    channel.close();
  }
}
