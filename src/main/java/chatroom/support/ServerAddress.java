package chatroom.support;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * Where a client connects: a host and a port, read from {@code [host] [port]} arguments.
 *
 * @param host a host name or IP address
 * @param port a TCP port
 */
public record ServerAddress(String host, int port) {
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

  /** Opens a TCP connection to this address. */
  public Socket connect() throws IOException {
    return new Socket(host, port);
  }

  /** One line for the console saying why talking to {@code serverName} here failed. */
  public String explain(IOException failure, String serverName) {
    if (failure instanceof UnknownHostException) {
      return "Unknown host: " + host;
    }
    if (failure instanceof ConnectException) {
      return "Cannot connect to " + this + " (is the " + serverName + " running?)";
    }
    return "Connection to " + this + " lost: " + failure.getMessage();
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
