package chatroom.echo;

import chatroom.support.ServerAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Lesson 02: sends each line typed on standard input to an {@link EchoServer} and prints the reply.
 *
 * <p>It stops on a line that says {@code exit} or at the end of input (Ctrl-D), closing the socket.
 */
public final class EchoClient {
  private final Socket socket;

  /** Wraps a socket that is already connected to an echo server. */
  public EchoClient(Socket socket) {
    this.socket = socket;
  }

  /** {@code EchoClient [host] [port]}, defaults localhost and 8888. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the client as {@link #main} does, on the given streams.
   *
   * @return the exit status: 0 after a normal end, 1 when the server cannot be reached, 2 on bad
   *     arguments
   */
  public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
    ServerAddress server;
    try {
      server = ServerAddress.fromArgs(args, EchoServer.DEFAULT_PORT);
    } catch (IllegalArgumentException e) {
      err.println("Usage: EchoClient [host] [port]   (" + e.getMessage() + ")");
      return 2;
    }
    try (Socket socket = server.connect()) {
      out.println("Connected to " + server + ". Type lines to echo; 'exit' quits.");
      BufferedReader input =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
      new EchoClient(socket).chat(input, out);
      return 0;
    } catch (IOException e) {
      err.println(server.explain(e, "echo server"));
      return 1;
    }
  }

  /**
   * Sends lines from {@code input} and prints each reply until {@code exit} or end of input.
   *
   * <p>The caller closes the socket; a server that hangs up ends the loop with a message.
   */
  public void chat(BufferedReader input, PrintStream console) throws IOException {
    Writer toServer = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    BufferedReader fromServer =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = input.readLine()) != null && !line.trim().equals("exit")) {
      toServer.write(line + "\n");
      toServer.flush();
      String reply = fromServer.readLine();
      if (reply == null) {
        console.println("The server closed the connection.");
        return;
      }
      console.println("echo: " + reply);
    }
    console.println("Bye.");
  }
}
