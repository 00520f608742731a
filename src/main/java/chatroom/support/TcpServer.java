package chatroom.support;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a port, accepts connections in a loop and serves each one on a thread of its own.
 *
 * <p>Every server in this project is built on it: what a server does with one connection is its
 * {@link Handler}; listening, accepting, logging arrivals and departures and closing are here.
 */
public final class TcpServer implements AutoCloseable {
  /** What a server does with one connection. It runs on that connection's own thread. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Serves one client until it leaves. The socket is closed afterwards by the caller.
     *
     * @param client the connected socket
     * @param who the client's address, for log lines
     */
    void serve(Socket client, String who) throws IOException;
  }

  /** A handler that also says how each client left, for the server's departure log line. */
  @FunctionalInterface
  public interface ReportingHandler {
    /**
     * Serves one client until it leaves, as {@link Handler#serve}.
     *
     * @return how the client left, e.g. {@code "left: logged out"}
     */
    String serve(Socket client, String who) throws IOException;
  }

  /** What a server says to a connection it refuses because it is full; then it is closed. */
  @FunctionalInterface
  public interface Refusal {
    /** Writes a last word to {@code client}, saying {@code why}; it is closed afterwards. */
    void refuse(Socket client, String why) throws IOException;
  }

  private final Logger log;
  private final String threadName;
  private final ReportingHandler handler;
  private ConnectionLimit limit = new ConnectionLimit(Integer.MAX_VALUE);
  private Refusal refusal = (client, why) -> {};
  private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
  private final CountDownLatch closed = new CountDownLatch(1);
  private ServerSocket listener;
  private Thread acceptor;

  /**
   * Creates a server that is not listening yet.
   *
   * @param owner the class whose name appears in log lines and thread names
   * @param handler what to do with each connection
   */
  public TcpServer(Class<?> owner, Handler handler) {
    this(
        owner,
        (ReportingHandler)
            (client, who) -> {
              handler.serve(client, who);
              return "left";
            });
  }

  /** As {@link #TcpServer(Class, Handler)}, for a handler that says how each client left. */
  public static TcpServer reporting(Class<?> owner, ReportingHandler handler) {
    return new TcpServer(owner, handler);
  }

  private TcpServer(Class<?> owner, ReportingHandler handler) {
    this.log = LoggerFactory.getLogger(owner);
    this.threadName = owner.getSimpleName();
    this.handler = handler;
  }

  /**
   * Accepts at most {@code max} connections at once: each descriptor and thread costs memory, and
   * the process has a limit on open files. A connection beyond it gets {@code refusal}'s last word
   * and is closed. Call before {@link #start}.
   */
  public TcpServer limitConnections(int max, Refusal refusal) {
    return limitConnections(new ConnectionLimit(max), refusal);
  }

  /**
   * As {@link #limitConnections(int, Refusal)}, counting against {@code limit}, which other
   * listeners of the same server may share.
   */
  public TcpServer limitConnections(ConnectionLimit limit, Refusal refusal) {
    this.limit = limit;
    this.refusal = refusal;
    return this;
  }

  /**
   * Binds the port and starts accepting on a background thread.
   *
   * @param port the port to listen on, or 0 for any free port
   * @return the port actually bound
   */
  public int start(int port) throws IOException {
    return start(null, port);
  }

  /**
   * Binds {@code port} on {@code address} only (null: on every address of this machine, as the Go
   * tutorial's {@code net.Listen("tcp", "0.0.0.0:8889")} does) and starts accepting.
   *
   * @return the port actually bound
   */
  public int start(InetAddress address, int port) throws IOException {
    listener = new ServerSocket();
    // Lets a restarted server bind at once, even while old connections linger in TIME_WAIT.
    listener.setReuseAddress(true);
    listener.bind(new InetSocketAddress(address, port));
    acceptor = new Thread(this::acceptLoop, threadName + "-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return listener.getLocalPort();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        // Send each write at once: servers here answer and chat in small messages, and group
        // what is ready themselves, so Nagle's algorithm would only add delay.
        client.setTcpNoDelay(true);
        // Let the operating system probe connections that stay silent for hours, so that a
        // peer that vanished without a word is found and closed in the end.
        client.setKeepAlive(true);
        Optional<String> full = limit.tryOpen(client.getInetAddress());
        if (full.isPresent()) {
          refuse(client, full.get());
          continue;
        }
        clients.add(client);
        if (listener.isClosed()) {
          client.close(); // close() ran between accept and add: do not leak this one
          clients.remove(client);
          limit.closed(client.getInetAddress());
          return;
        }
        ConnectionThreads.start(threadName, () -> serveAndClose(client));
      } catch (IOException e) {
        if (listener.isClosed()) {
          return; // close() was called: stop quietly
        }
        // One failed accept (say, out of file handles) must not end the server.
        log.warn("accept failed: {}", e.getMessage());
        pauseAfterAcceptFailure();
      }
    }
  }

  private void refuse(Socket client, String why) {
    log.warn("{} refused: {}", client.getRemoteSocketAddress(), why);
    try (client) {
      refusal.refuse(client, why);
    } catch (IOException e) {
      log.debug("refusing {}: {}", client.getRemoteSocketAddress(), e.getMessage());
    }
  }

  private void serveAndClose(Socket client) {
    String who = client.getRemoteSocketAddress().toString();
    log.info("{} connected", who);
    String departure = "left";
    try (client) {
      departure = handler.serve(client, who);
    } catch (IOException e) {
      departure = "left: " + e.getMessage();
    } catch (RuntimeException e) {
      log.error("{} dropped after a bug in the handler", who, e); // the server itself goes on
      departure = "left after that bug";
    } finally {
      clients.remove(client); // before the log line, so "left" means there is room again
      limit.closed(client.getInetAddress());
    }
    log.info("{} {}", who, departure);
  }

  /**
   * For {@code main} methods: starts on {@code port}, or prints one line and exits with status 1 if
   * that fails; then makes Ctrl-C close the server cleanly, and after it {@code alsoOnExit}, in
   * order.
   *
   * @return the port actually bound
   */
  public int startOrExit(int port, AutoCloseable... alsoOnExit) {
    return startOrExit(null, port, alsoOnExit);
  }

  /** As {@link #startOrExit(int, AutoCloseable...)}, on {@code address} only unless it is null. */
  public int startOrExit(InetAddress address, int port, AutoCloseable... alsoOnExit) {
    int bound = startOrExplain(address, port, System.err, alsoOnExit);
    if (bound < 0) {
      System.exit(1);
    }
    return bound;
  }

  /**
   * As {@link #startOrExit(InetAddress, int, AutoCloseable...)}, but when the server cannot start,
   * says why on {@code err} and returns -1 instead of exiting: for a {@code run} method a test can
   * call.
   *
   * @return the port actually bound, or -1
   */
  public int startOrExplain(
      InetAddress address, int port, PrintStream err, AutoCloseable... alsoOnExit) {
    try {
      int bound = start(address, port);
      // Ctrl-C runs shutdown hooks: close every socket so clients see a clean end of stream.
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> closeAll(alsoOnExit), threadName + "-shutdown"));
      return bound;
    } catch (BindException e) {
      err.println("Cannot listen on port " + port + ": " + e.getMessage());
    } catch (IOException e) {
      err.println("Cannot start: " + e);
    }
    return -1;
  }

  private void closeAll(AutoCloseable... alsoOnExit) {
    close();
    for (AutoCloseable resource : alsoOnExit) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("while stopping: {}", e.toString());
      }
    }
    log.info("stopped");
  }

  /** Stops accepting, closes every client connection and releases the port before returning. */
  @Override
  public void close() {
    try {
      if (listener != null) {
        listener.close();
      }
      if (acceptor != null && acceptor != Thread.currentThread()) {
        acceptor.join(); // the port is only released once the blocked accept() has returned
      }
    } catch (IOException e) {
      log.warn("closing the listener: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Socket client : clients) {
      try {
        client.close();
      } catch (IOException ignored) {
        // the client is going away either way
      }
    }
    closed.countDown();
  }

  /** Blocks until {@link #close} has been called. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** How many clients are connected right now. */
  public int connectionCount() {
    return clients.size();
  }

  private static void pauseAfterAcceptFailure() {
    try {
      Thread.sleep(100); // without a pause a persistent error would spin the CPU
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
