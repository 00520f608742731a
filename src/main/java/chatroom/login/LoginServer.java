package chatroom.login;

import chatroom.login.LoginMessages.ErrorResMes;
import chatroom.login.LoginMessages.LoginMes;
import chatroom.login.LoginMessages.LoginResMes;
import chatroom.login.LoginMessages.Message;
import chatroom.support.PortNumber;
import chatroom.support.TcpServer;
import com.fasterxml.jackson.core.JacksonException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lesson 03: a server that speaks the framed JSON protocol and lets one fixed user log in.
 *
 * <p>Accepting and threads are lesson 02's {@link TcpServer}; what is new is that each request is a
 * length-prefixed {@link Frames frame} holding a JSON {@link LoginMessages envelope}.
 */
public final class LoginServer {
  /**
   * Not the chat server's 8889: a learner often has the chat server running while trying this
   * stage, and two servers cannot listen on one port.
   */
  public static final int DEFAULT_PORT = 8890;

  /** The only user this stage knows, as in the tutorial's first login step. */
  public static final int KNOWN_USER_ID = 100;

  /** The password of {@link #KNOWN_USER_ID}. */
  public static final String KNOWN_PASSWORD = "123456";

  private static final Logger log = LoggerFactory.getLogger(LoginServer.class);

  private LoginServer() {}

  /** Runs the server in the foreground: {@code LoginServer [port]}, stopped with Ctrl-C. */
  public static void main(String[] args) throws InterruptedException {
    System.exit(run(args, System.err));
  }

  /**
   * Runs the server as {@link #main} does, until it is closed.
   *
   * @return the exit status: 0 once stopped, 1 when the port cannot be had, 2 on a bad argument
   */
  static int run(String[] args, PrintStream err) throws InterruptedException {
    int port;
    try {
      port = args.length > 0 ? PortNumber.parse(args[0]) : DEFAULT_PORT;
    } catch (IllegalArgumentException e) {
      err.println("Usage: LoginServer [port]   (" + e.getMessage() + ")");
      return 2;
    }
    TcpServer server = create();
    port = server.startOrExplain(null, port, err);
    if (port < 0) {
      return 1;
    }
    log.info(
        "Login server on port {}: user {} has password {}", port, KNOWN_USER_ID, KNOWN_PASSWORD);
    server.awaitClosed();
    return 0;
  }

  /** A new login server, not listening yet: {@link TcpServer#start} it, then close it. */
  public static TcpServer create() {
    return new TcpServer(LoginServer.class, LoginServer::serve);
  }

  /** Answers one client's frames until it leaves or breaks the framing. */
  static void serve(Socket client, String who) throws IOException {
    InputStream in = new BufferedInputStream(client.getInputStream());
    OutputStream out = new BufferedOutputStream(client.getOutputStream());
    while (true) {
      byte[] body;
      try {
        body = Frames.read(in);
      } catch (BadFrameException e) {
        // After a bad length we cannot know where the next frame starts: answer, then hang up.
        reply(out, LoginMessages.ERROR_RES_MES, new ErrorResMes(e.code(), e.getMessage()));
        throw e;
      }
      if (body == null) {
        return; // the client closed the connection between two frames
      }
      answer(who, body, out);
    }
  }

  /** Decodes one request and writes its answer; bad JSON gets an answer, never an exception. */
  private static void answer(String who, byte[] body, OutputStream out) throws IOException {
    try {
      Message message = LoginMessages.decodeEnvelope(body);
      if (!LoginMessages.LOGIN_MES.equals(message.type())) {
        String error = "unknown message type '" + message.type() + "'";
        reply(out, LoginMessages.ERROR_RES_MES, new ErrorResMes(400, error));
        return;
      }
      LoginMes login = LoginMessages.decodePayload(message, LoginMes.class);
      LoginResMes result = check(login);
      log.info("{} logs in as {}: {}", who, login.userId(), result.code());
      reply(out, LoginMessages.LOGIN_RES_MES, result);
    } catch (JacksonException e) {
      String error = "malformed message: " + e.getOriginalMessage();
      reply(out, LoginMessages.ERROR_RES_MES, new ErrorResMes(400, error));
    }
  }

  /** The login rule of this stage: one fixed user id and password. */
  static LoginResMes check(LoginMes login) {
    if (login.userId() != KNOWN_USER_ID) {
      return new LoginResMes(500, List.of(), "user " + login.userId() + " is not registered");
    }
    if (!KNOWN_PASSWORD.equals(login.userPwd())) {
      return new LoginResMes(403, List.of(), "wrong password");
    }
    return new LoginResMes(200, List.of(login.userId()), "");
  }

  private static void reply(OutputStream out, String type, Object payload) throws IOException {
    Frames.write(out, LoginMessages.encode(type, payload));
  }
}
