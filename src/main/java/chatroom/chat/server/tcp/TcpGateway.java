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
import chatroom.support.tls.ServerTls;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The chat over TCP: the Go tutorial's transport. {@link TcpServer} accepts and gives each
 * connection a thread; here that thread reads length-prefixed frames and hands each to {@link
 * Sessions}, and the session's replies go back as frames through a {@link TcpConnection}.
 */
public final class TcpGateway implements AutoCloseable {
  /** What a client that spoke plain TCP to a TLS port is told, in plain TCP. */
  static final String TLS_ONLY =
      "this port takes TLS only: connect with TLS (ChatClient --tls), or to the server's"
          + " unencrypted port if it has one";

  private final TcpServer tcp = TcpServer.reporting(ChatServer.class, this::accept);
  private final Sessions sessions;
  private final ServerOptions options;
  private ServerTls tls; // null: plain TCP

  /** A gateway, not listening yet, that hands every connection to {@code sessions}. */
  public TcpGateway(Sessions sessions) {
    this.sessions = sessions;
    this.options = sessions.options();
    tcp.limitConnections(sessions.connections(), TcpGateway::refuseWhenFull);
  }

  /**
   * Takes TLS only, with the key and certificate of {@code tls}; call before {@link #start}. A full
   * server then hangs up on a newcomer without a word: a TLS client could not read a plain answer,
   * and a handshake costs the CPU that a full server lacks.
   */
  public void secure(ServerTls tls) {
    this.tls = tls;
    tcp.limitConnections(sessions.connections(), (client, why) -> {});
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

  /** Serves one client, on its own thread: over TLS if the gateway is {@link #secure}. */
  private String accept(Socket socket, String who) throws IOException {
    return tls == null ? serve(socket, who) : serveTls(socket, who);
  }

  /**
   * Reads one client's frames and hands each on; runs on that client's own thread.
   *
   * @return how the client left, for the departure log line
   */
  private String serve(Socket socket, String who) throws IOException {
    Transfer transfer = new Transfer(socket, options.maxFrameBytes());
    Session session = sessions.open(new TcpConnection(transfer, socket.getInetAddress(), who));
    return readFrames(session, transfer);
  }

  /** As {@link #serve}, with TLS on the socket: the first byte says whether it speaks TLS. */
  private String serveTls(Socket socket, String who) throws IOException {
    // A TLS handshake starts with 22; a plain frame with the top byte of its length, 0.
    socket.setSoTimeout((int) options.loginTimeout().toMillis());
    int first;
    try {
      first = socket.getInputStream().read();
    } catch (SocketTimeoutException e) {
      return "left: timed out: silent for " + options.loginTimeout().toSeconds() + " s";
    }
    if (first < 0) {
      return "left: closed the connection";
    }
    if (!ServerTls.isHandshake(first)) {
      return answerInPlain(socket, first);
    }
    SSLSocket secure = tls.over(socket, first);
    Closeable close = () -> ServerTls.close(secure, socket);
    Transfer transfer = new Transfer(secure, close, options.maxFrameBytes());
    Session session = sessions.open(new TcpConnection(transfer, socket.getInetAddress(), who));
    return readFrames(session, transfer);
  }

  /**
   * A client spoke plain TCP to a TLS port, such as a Go tutorial client: it is waiting for the
   * answer to its first request. Whatever it asked, the answer is an {@code ErrorResMes} 426 it can
   * read (a tutorial client reads any answer's code and error), and then the server hangs up.
   */
  private String answerInPlain(Socket socket, int first) {
    try {
      socket.setSoTimeout((int) options.frameTimeout().toMillis());
      InputStream in =
          new SequenceInputStream(
              new ByteArrayInputStream(new byte[] {(byte) first}), socket.getInputStream());
      Transfer plain = new Transfer(in, socket.getOutputStream(), options.maxFrameBytes());
      plain.readFrame(); // read whole, so that closing does not reset what it has not read yet
      plain.send(
          MessageType.ERROR_RES_MES, new ErrorResMes(ResultCode.TLS_REQUIRED.code(), TLS_ONLY));
    } catch (IOException notEvenAFrame) {
      // nothing it could read would help: hang up without a word
    }
    return "left: spoke plain TCP to the TLS port, and was told to use TLS";
  }

  /** Hands each frame of {@code session} on until it ends; returns how it left. */
  private String readFrames(Session session, Transfer transfer) {
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
    } catch (SSLException e) {
      how = "TLS failed: " + ServerTls.why(e); // a handshake it refused, or a record that was wrong
    } catch (IOException e) {
      how = "connection lost: " + e.getMessage();
    } catch (RuntimeException bug) {
      sessions.end(session, "dropped after a bug in the server"); // the others still hear it
      throw bug; // TcpServer logs it, with its stack trace
    }
    return sessions.end(session, how);
  }
}
