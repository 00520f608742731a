package chatroom.echo;

import chatroom.support.ConnectionThreads;
import chatroom.support.PortNumber;
import chatroom.support.TcpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lesson 02: a TCP server that sends every line it receives back to the client that sent it.
 *
 * <p>Listening and accepting are done by {@link TcpServer}, which serves each connection on a
 * thread of its own; this class says what to do with one connection.
 */
public final class EchoServer {
  public static final int DEFAULT_PORT = 8888;

  /** The longest line served: a client that never sends a newline cannot fill our memory. */
  public static final int MAX_LINE_CHARS = 8_192;

  private static final Logger log = LoggerFactory.getLogger(EchoServer.class);

  private EchoServer() {}

  /** Runs the server in the foreground: {@code EchoServer [port]}, stopped with Ctrl-C. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.err));
  }

  /**
   * Runs the server as {@link #main} does, until it is closed.
   *
   * @return the exit status: 0 once stopped, 1 when the port cannot be had (say, another server is
   *     using it), 2 on a bad argument
   */
  static int run(String[] args, PrintStream err) throws InterruptedException {
    int port;
    try {
      port = args.length > 0 ? PortNumber.parse(args[0]) : DEFAULT_PORT;
    } catch (IllegalArgumentException e) {
      err.println("Usage: EchoServer [port]   (" + e.getMessage() + ")");
      return 2;
    }
    TcpServer server = create();
    port = server.startOrExplain(null, port, err);
    if (port < 0) {
      return 1;
    }
    log.info("Echo server listening on port {}, one {} per client", port, ConnectionThreads.kind());
    server.awaitClosed();
    return 0;
  }

  /** A new echo server, not listening yet: {@link TcpServer#start} it, then close it. */
  public static TcpServer create() {
    return new TcpServer(EchoServer.class, EchoServer::serve);
  }

  /** Echoes one client's lines until it leaves; runs on that client's own thread. */
  static void serve(Socket client, String who) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
    String line;
    while ((line = readLine(in)) != null) {
      log.info("{} says: {}", who, line);
      out.write(line + "\n");
      out.flush(); // send now: the client is waiting for this reply
    }
  }

  /**
   * Reads one line without its line ending, or returns null at end of stream.
   *
   * @throws LineTooLongException if no line ending comes within {@link #MAX_LINE_CHARS} characters
   */
  static String readLine(BufferedReader in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        return withoutCarriageReturn(line);
      }
      if (line.length() == MAX_LINE_CHARS) {
        throw new LineTooLongException(MAX_LINE_CHARS);
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString(); // a last line may lack its newline
  }

  private static String withoutCarriageReturn(StringBuilder line) {
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }
}
