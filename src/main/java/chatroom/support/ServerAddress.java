package chatroom.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Where a client connects: a host and a port, read from {@code [host] [port]} arguments.
 *
 * @param host a host name or IP address
 * @param port a TCP port
 */
public record ServerAddress(String host, int port) {
  /**
   * How long a connection attempt may take. A machine that is down usually refuses at once, but a
   * host that drops packets would otherwise keep the client waiting for minutes.
   */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Reads {@code [host] [port]}, each optional: localhost and {@code defaultPort} when absent.
   *
   * @throws IllegalArgumentException when the port is not a port number
   */
  public static ServerAddress fromArgs(String[] args, int defaultPort) {
    String host = args.length > 0 ? args[0] : "localhost";
    int port = args.length > 1 ? PortNumber.parse(args[1]) : defaultPort;
    return new ServerAddress(host, port);
  }

  /** Opens a TCP connection to this address, waiting at most {@link #CONNECT_TIMEOUT}. */
  public Socket connect() throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), (int) CONNECT_TIMEOUT.toMillis());
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** Connects and hangs up at once: is anything listening there now? */
  public void probe() throws IOException {
    connect().close();
  }

  /** One line for the console saying why talking to {@code serverName} here failed. */
  public String explain(IOException failure, String serverName) {
    if (failure instanceof UnknownHostException) {
      return "Unknown host: " + host;
    }
    if (failure instanceof ConnectException || failure instanceof SocketTimeoutException) {
      return "Cannot connect to " + this + " (is the " + serverName + " running?)";
    }
    return "Connection to " + this + " lost: " + failure.getMessage();
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
