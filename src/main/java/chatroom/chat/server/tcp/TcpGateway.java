package chatroom.chat.server.tcp;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.FrameException;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.ChatServer;
import chatroom.chat.server.ServerOptions;
import chatroom.chat.server.Sessions;
import chatroom.chat.server.process.Session;
import chatroom.support.TcpServer;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The chat over TCP: the Go tutorial's transport. {@link TcpServer} accepts and gives each
 * connection a thread; here that thread reads length-prefixed frames and hands each to {@link
 * Sessions}, and the session's replies go back as frames through a {@link TcpConnection}.
 */
public final class TcpGateway implements AutoCloseable {
  private final TcpServer tcp = TcpServer.reporting(ChatServer.class, this::serve);
  private final Sessions sessions;
  private final ServerOptions options;

  /** A gateway, not listening yet, that hands every connection to {@code sessions}. */
  public TcpGateway(Sessions sessions) {
    this.sessions = sessions;
    this.options = sessions.options();
    tcp.limitConnections(sessions.connections(), TcpGateway::refuseWhenFull);
  }

  /** Binds {@code port} on {@code address} (null: every address) and returns the bound port. */
  public int start(InetAddress address, int port) throws IOException {
    return tcp.start(address, port);
  }

  /** As {@link TcpServer#startOrExit(InetAddress, int, AutoCloseable...)}. */
  public int startOrExit(InetAddress address, int port, AutoCloseable... alsoOnExit) {
    return tcp.startOrExit(address, port, alsoOnExit);
  }

  /** Stops accepting and hangs up on every client. */
  @Override
  public void close() {
    tcp.close();
  }

  /** Blocks until {@link #close} has been called. */
  public void awaitClosed() throws InterruptedException {
    tcp.awaitClosed();
  }

  /** Tells a client why it is refused, in a frame it can read, before the socket is closed. */
  private static void refuseWhenFull(Socket client, String why) throws IOException {
    ErrorResMes full = new ErrorResMes(ResultCode.SERVER_FULL.code(), why);
    client.getOutputStream().write(Transfer.frame(MessageType.ERROR_RES_MES, full));
  }

  /**
   * Reads one client's frames and hands each on; runs on that client's own thread.
   *
   * @return how the client left, for the departure log line
   */
  private String serve(Socket socket, String who) throws IOException {
    Transfer transfer = new Transfer(socket, options.maxFrameBytes());
    Session session = sessions.open(new TcpConnection(transfer, socket.getInetAddress(), who));
    String how = "closed the connection";
    try {
      while (true) {
        // Quiet connections: those not logged in may wait so long, those logged in may idle.
        Duration quiet = session.isLoggedIn() ? options.idleTimeout() : options.loginTimeout();
        transfer.timeouts(quiet, options.frameTimeout());
        byte[] body = transfer.readFrame();
        if (body == null) {
          break;
        }
        sessions.receive(session, body);
      }
    } catch (FrameException e) {
      // After a bad length nobody knows where the next frame starts: answer, then hang up.
      session.closeWith(e.code(), e.getMessage());
      how = "sent a bad frame: " + e.getMessage();
    } catch (SocketTimeoutException e) {
      how = "timed out: " + e.getMessage();
    } catch (EOFException e) {
      how = "closed the connection inside a frame";
    } catch (IOException e) {
      how = "connection lost: " + e.getMessage();
    } catch (RuntimeException bug) {
      sessions.end(session, "dropped after a bug in the server"); // the others still hear it
      throw bug; // TcpServer logs it, with its stack trace
    }
    return sessions.end(session, how);
  }
}
