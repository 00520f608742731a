package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.RegisterResMes;
import chatroom.support.PortNumber;
import chatroom.support.Prompter;
import chatroom.support.ServerAddress;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Stage 3: the chat's console client, the tutorial's two menus. It only asks and prints; every
 * protocol step is a call on {@link ChatSession}.
 */
public final class ChatClient implements ChatSession.Listener {
  static final String MAIN_MENU =
      """
      ---------- Welcome to the chat room ----------
        1. Log in
        2. Register
        3. Exit""";

  private final Prompter prompter;
  private final PrintStream console;
  private ChatSession session;

  private ChatClient(Prompter prompter, PrintStream console) {
    this.prompter = prompter;
    this.console = console;
  }

  /** {@code ChatClient [--host H] [--port P]}, defaults localhost and 8889. */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err, System.console()));
  }

  /**
   * Runs the client as {@link #main} does, on the given streams.
   *
   * @param terminal the real console, to read passwords without echo; null when there is none
   * @return 0 after the user leaves, 1 when the server cannot be reached, 2 on bad arguments
   */
  public static int run(
      String[] args, InputStream stdin, PrintStream out, PrintStream err, Console terminal) {
    ServerAddress server;
    try {
      server = address(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\nUsage: ChatClient [--host H] [--port P]");
      return 2;
    }
    BufferedReader keyboard =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    ChatClient client = new ChatClient(new Prompter(keyboard, out, terminal), out);
    try (ChatSession session = ChatSession.connect(server.host(), server.port(), client)) {
      client.session = session;
      client.mainMenu();
      return 0;
    } catch (IOException e) {
      err.println(server.explain(e, "chat server"));
      return 1;
    }
  }

  private static ServerAddress address(String[] args) {
    String host = "localhost";
    int port = Protocol.DEFAULT_PORT;
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--host" -> host = value;
        case "--port" -> port = PortNumber.parse(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return new ServerAddress(host, port);
  }

  private void mainMenu() throws IOException {
    while (true) {
      console.println(MAIN_MENU);
      Optional<Integer> choice = prompter.number("Choose (1-3): ", 1, 3);
      if (choice.isEmpty() || choice.get() == 3) {
        console.println("Bye.");
        return;
      }
      boolean stayed = choice.get() == 1 ? login() : register();
      if (!stayed) {
        console.println("Bye.");
        return;
      }
    }
  }

  /** Returns false when the user chose to leave from the logged-in menu or input ended. */
  private boolean login() throws IOException {
    Optional<Integer> userId = prompter.number("User id: ", 1, Integer.MAX_VALUE);
    Optional<String> password = userId.isEmpty() ? Optional.empty() : prompter.secret("Password: ");
    if (password.isEmpty()) {
      return false;
    }
    LoginResMes result = session.login(userId.get(), password.get());
    if (result.code() != 200) {
      console.println("Login failed (" + result.code() + "): " + result.error());
      return true;
    }
    console.println("Logged in as user " + userId.get() + ". Online now: " + result.usersId());
    new LoggedInMenu(prompter, console).run();
    return false;
  }

  private boolean register() throws IOException {
    Optional<Integer> userId = prompter.number("New user id: ", 1, Integer.MAX_VALUE);
    Optional<String> name = userId.isEmpty() ? Optional.empty() : prompter.line("Your name: ");
    Optional<String> password = name.isEmpty() ? Optional.empty() : prompter.secret("Password: ");
    if (password.isEmpty()) {
      return false;
    }
    RegisterResMes result = session.register(userId.get(), password.get(), name.get());
    if (result.code() == 200) {
      console.println("Registered user " + userId.get() + ". You can log in now.");
    } else {
      console.println("Registration failed (" + result.code() + "): " + result.error());
    }
    return true;
  }

  @Override
  public void onPush(MessageType type, Object payload) {
    console.println("[server] " + type.wireName() + " " + payload);
  }

  @Override
  public void onClosed(String reason) {
    console.println("[" + reason + "]");
  }
}
