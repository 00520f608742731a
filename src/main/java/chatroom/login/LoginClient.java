package chatroom.login;

import chatroom.login.LoginMessages.ErrorResMes;
import chatroom.login.LoginMessages.LoginMes;
import chatroom.login.LoginMessages.LoginResMes;
import chatroom.login.LoginMessages.Message;
import chatroom.support.Prompter;
import chatroom.support.ServerAddress;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Lesson 03: the tutorial's first client menu, logging in over the framed protocol.
 *
 * <p>{@link #login} is the protocol part; {@link #menu} is the console part that asks and prints.
 */
public final class LoginClient {
  static final String MENU =
      """
      ---------- Welcome to the chat room ----------
        1. Log in
        2. Register
        3. Exit""";

  private final InputStream in;
  private final OutputStream out;

  /** Talks to a {@link LoginServer} over a socket that is already connected. */
  public LoginClient(Socket socket) throws IOException {
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = new BufferedOutputStream(socket.getOutputStream());
  }

  /** {@code LoginClient [host] [port]}, defaults localhost and {@link LoginServer#DEFAULT_PORT}. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the client as {@link #main} does, on the given streams.
   *
   * @return the exit status: 0 after the user leaves, 1 on a connection problem, 2 on bad arguments
   */
  public static int run(String[] args, InputStream stdin, PrintStream console, PrintStream err) {
    ServerAddress server;
    try {
      server = ServerAddress.fromArgs(args, LoginServer.DEFAULT_PORT);
    } catch (IllegalArgumentException e) {
      err.println("Usage: LoginClient [host] [port]   (" + e.getMessage() + ")");
      return 2;
    }
    BufferedReader keyboard =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    try (Socket socket = server.connect()) {
      new LoginClient(socket).menu(Prompter.plain(keyboard, console), console);
      return 0;
    } catch (IOException e) {
      err.println(server.explain(e, "login server"));
      return 1;
    }
  }

  /** Shows the menu and acts on each choice until the user exits or input ends. */
  public void menu(Prompter prompter, PrintStream console) throws IOException {
    while (true) {
      console.println(MENU);
      Optional<Integer> choice = prompter.choice("Choose (1-3): ", 3);
      if (choice.isEmpty() || choice.get() == 3) {
        console.println("Bye.");
        return;
      }
      if (choice.get() == 2) {
        console.println("Registration arrives with the full chat, in lesson 06.");
        continue;
      }
      Optional<Integer> userId = prompter.userId("User id: ");
      Optional<String> password = userId.isEmpty() ? Optional.empty() : prompter.line("Password: ");
      if (password.isEmpty()) {
        continue; // an empty line goes back to the menu, which also sees the end of input
      }
      LoginResMes result = login(userId.get(), password.get());
      if (result.code() == 200) {
        console.println("Logged in as user " + userId.get() + ". Online: " + result.usersId());
      } else {
        console.println("Login failed (" + result.code() + "): " + result.error());
      }
    }
  }

  /** Sends a {@code LoginMes} and returns the server's answer. */
  public LoginResMes login(int userId, String password) throws IOException {
    LoginMes request = new LoginMes(userId, password, "");
    Frames.write(out, LoginMessages.encode(LoginMessages.LOGIN_MES, request));
    byte[] body = Frames.read(in);
    if (body == null) {
      throw new EOFException("the server closed the connection");
    }
    Message reply = LoginMessages.decodeEnvelope(body);
    if (LoginMessages.ERROR_RES_MES.equals(reply.type())) {
      ErrorResMes error = LoginMessages.decodePayload(reply, ErrorResMes.class);
      return new LoginResMes(error.code(), List.of(), error.error());
    }
    return LoginMessages.decodePayload(reply, LoginResMes.class);
  }
}
