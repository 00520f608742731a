package chatroom.bench;

import chatroom.chat.common.Protocol;
import chatroom.support.ConnectionThreads;
import chatroom.support.ServerAddress;
import chatroom.support.tls.ClientTls;
import chatroom.support.tls.ServerTls;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;

/**
 * A simulated user on a TCP connection encrypted with TLS, trusting the certificates in {@code
 * --trust}, as the console client's {@code --trust} does. Unlike {@link TcpBenchClient} it blocks:
 * a thread reads and a thread writes for each client (virtual threads on JDK 21 and later, so a
 * thousand clients cost little), since TLS over a non-blocking channel would need a hand-written
 * loop around an {@code SSLEngine}. Compare {@code generator CPU} with a plain run to see what that
 * costs the generator.
 */
final class TlsBenchClient extends BenchClient {
  private static final byte[] STOP = new byte[0];

  private final SSLSocket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final LinkedBlockingQueue<byte[]> unsent = new LinkedBlockingQueue<>();
  private final AtomicInteger waiting = new AtomicInteger(); // frames not yet written

  private TlsBenchClient(int index, SSLSocket socket, Receiver receiver) throws IOException {
    super(index, receiver);
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
  }

  /** Opens TLS connections that trust the certificates in one PEM file. */
  static final class Connector implements Transport {
    private final ClientTls tls;

    Connector(Path trust) throws IOException {
      this.tls = ClientTls.trusting(trust);
    }

    @Override
    public BenchClient connect(int index, ServerAddress server, String source, Receiver receiver)
        throws IOException {
      Socket tcp = new Socket();
      SSLSocket socket;
      try {
        if (source != null) {
          tcp.bind(new InetSocketAddress(source, 0));
        }
        tcp.setTcpNoDelay(true);
        tcp.connect(
            new InetSocketAddress(server.host(), server.port()),
            (int) ServerAddress.CONNECT_TIMEOUT.toMillis());
        socket =
            (SSLSocket) tls.socketFactory().createSocket(tcp, server.host(), server.port(), true);
        socket.setEnabledProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
        socket.startHandshake(); // here, so that a certificate not trusted fails the connect
      } catch (IOException e) {
        tcp.close();
        throw new IOException(
            "TLS to " + server + ": " + ClientTls.explain(e, server).orElse(e.getMessage()), e);
      }
      TlsBenchClient client = new TlsBenchClient(index, socket, receiver);
      ConnectionThreads.start("bench-tls-read-" + index, client::readLoop);
      ConnectionThreads.start("bench-tls-write-" + index, client::writeLoop);
      return client;
    }

    @Override
    public void close() {}
  }

  @Override
  void send(byte[] frame) {
    waiting.incrementAndGet();
    unsent.add(frame);
  }

  @Override
  boolean sending() {
    return waiting.get() > 0;
  }

  /** Writes queued frames, flushing when the queue runs dry, so that frames share records. */
  private void writeLoop() {
    try {
      while (true) {
        byte[] frame = unsent.take();
        if (frame == STOP) {
          return;
        }
        out.write(frame);
        waiting.decrementAndGet();
        if (unsent.isEmpty()) {
          out.flush();
        }
      }
    } catch (IOException e) {
      failed(e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Reads frames and hands out each one, in one buffer reused for every frame. */
  private void readLoop() {
    byte[] body = new byte[Protocol.DEFAULT_MAX_FRAME_BYTES];
    try {
      while (true) {
        int length = in.readInt();
        if (length <= 0 || length > Protocol.DEFAULT_MAX_FRAME_BYTES) {
          throw new IOException("corrupted stream: a frame length of 0 or over 64 KiB");
        }
        in.readFully(body, 0, length);
        deliver(body, 0, length);
      }
    } catch (EOFException e) {
      failed("the server closed the connection");
    } catch (IOException e) {
      failed(e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    closing = true;
    unsent.add(STOP);
    socket.close();
  }
}
