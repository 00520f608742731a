package chatroom.bench;

import chatroom.chat.common.Protocol;
import chatroom.support.ServerAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A simulated user on a non-blocking TCP connection, served by an {@link EventLoop}: frames are a
 * length header and an envelope, read without decoding them.
 */
final class TcpBenchClient extends BenchClient {
  private final SocketChannel channel;
  private final EventLoop loop;
  private final ByteBuffer in =
      ByteBuffer.allocate(Protocol.DEFAULT_MAX_FRAME_BYTES + 4 + 64 * 1024);
  private final ArrayDeque<ByteBuffer> unsent = new ArrayDeque<>(); // guarded by this
  private volatile boolean waiting; // unsent is not empty
  private SelectionKey key;

  private TcpBenchClient(int index, SocketChannel channel, EventLoop loop, Receiver receiver) {
    super(index, receiver);
    this.channel = channel;
    this.loop = loop;
  }

  /** Opens TCP connections, served by one {@link EventLoop} per core. */
  static final class Connector implements Transport {
    private final List<EventLoop> loops = new ArrayList<>();

    Connector() throws IOException {
      int cores = Runtime.getRuntime().availableProcessors();
      for (int i = 0; i < cores; i++) {
        loops.add(new EventLoop("bench-loop-" + i));
      }
    }

    @Override
    public BenchClient connect(int index, ServerAddress server, String source, Receiver receiver)
        throws IOException {
      SocketChannel channel = SocketChannel.open();
      try {
        if (source != null) {
          channel.bind(new InetSocketAddress(source, 0));
        }
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(new InetSocketAddress(server.host(), server.port()));
        channel.configureBlocking(false);
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      EventLoop loop = loops.get(Math.floorMod(index, loops.size()));
      TcpBenchClient client = new TcpBenchClient(index, channel, loop, receiver);
      loop.register(client);
      return client;
    }

    @Override
    public void close() {
      loops.forEach(EventLoop::close);
    }
  }

  SocketChannel channel() {
    return channel;
  }

  void registered(SelectionKey key) {
    this.key = key;
  }

  SelectionKey key() {
    return key;
  }

  @Override
  void send(byte[] frame) throws IOException {
    synchronized (this) {
      ByteBuffer bytes = ByteBuffer.wrap(frame);
      if (unsent.isEmpty()) {
        channel.write(bytes);
      }
      if (bytes.hasRemaining()) {
        unsent.addLast(bytes);
        waiting = true;
        loop.wantWrite(this);
      }
    }
  }

  @Override
  boolean sending() {
    return waiting;
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
    waiting = false;
    return true;
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

  @Override
  public void close() throws IOException {
    closing = true;
    channel.close();
  }
}
