package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.client.process.ChatSession.Registration;
import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.ResultCode;
import chatroom.support.PortNumber;
import chatroom.support.Prompter;
import chatroom.support.ServerAddress;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

  /** Said after logging in to a server that offers nothing beyond the Go tutorial's protocol. */
  static final String TUTORIAL_SERVER =
      "This is a Go tutorial server: group chat only, and it does not say when someone leaves.";

  /** The longest name our server accepts. */
  static final int MAX_NAME_CHARS = 32;

  /** The longest password our server accepts. */
  static final int MAX_PASSWORD_CHARS = 64;

  private final ChatConsole console;
  private final ServerAddress server;
  private final Prompter prompter;
  private final Display display = new Display(Clock.systemDefaultZone());

  /**
   * The names of the users registered in this run, by id. A Go tutorial server passes each group
   * message on exactly as the client wrote it, so the client writes its user's name into it; it
   * knows the name only if the user registered it here, and otherwise leaves it blank.
   */
  private final Map<Integer, String> namesRegistered = new HashMap<>();

  private ChatSession session;
  private volatile boolean loggedIn;

  private ChatClient(ChatConsole console, ServerAddress server) {
    this.console = console;
    this.server = server;
    this.prompter = new Prompter(console, console::show);
  }

  /** {@code ChatClient [--host H] [--port P]}, defaults localhost and 8889. */
  public static void main(String[] args) throws IOException {
    int status;
    try (ChatConsole console = ChatConsole.system()) {
      status = run(args, console, System.err);
    }
    System.exit(status);
  }

  /**
   * Runs the client as {@link #main} does, on the given console.
   *
   * @return 0 after the user leaves, 1 when the server cannot be reached, 2 on bad arguments
   */
  public static int run(String[] args, ChatConsole console, PrintStream err) {
    ServerAddress server;
    try {
      server = address(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\nUsage: ChatClient [--host H] [--port P]");
      return 2;
    }
    ChatClient client = new ChatClient(console, server);
    try {
      client.session(); // connect now: a server that is down is reported before any menu
      client.mainMenu();
      return 0;
    } catch (IOException e) {
      err.println(server.explain(e, "chat server"));
      return 1;
    } finally {
      client.hangUp();
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

  /**
   * The connection to the server, made again if needed: the server closes connections that stay
   * quiet too long before logging in, and someone may well sit at the menu that long.
   */
  private ChatSession session() throws IOException {
    if (session == null || !session.isOpen()) {
      hangUp();
      session = ChatSession.connect(server.host(), server.port(), this);
    }
    return session;
  }

  private void hangUp() {
    if (session != null) {
      try {
        session.close();
      } catch (IOException alreadyGone) {
        // nothing to hang up
      }
    }
  }

  private void mainMenu() throws IOException {
    while (true) {
      console.show(MAIN_MENU);
      Optional<Integer> choice = prompter.choice("Choose (1-3): ", 3);
      if (choice.isEmpty() || choice.get() == 3) {
        break;
      }
      boolean stay = choice.get() == 1 ? login() : register();
      if (!stay) {
        break;
      }
    }
    if (session != null && !session.isOpen()) {
      awaitListener(); // let it say why the connection ended before we say goodbye
    }
    console.show("Bye.");
  }

  /** Returns false when the user left from the logged-in menu, or input ended. */
  private boolean login() throws IOException {
    Optional<Integer> userId = prompter.userId("User id: ");
    Optional<String> password = userId.isEmpty() ? Optional.empty() : prompter.secret("Password: ");
    if (password.isEmpty()) {
      return true; // back to the menu, which also sees the end of input
    }
    if (password.get().isEmpty()) {
      console.show("Not sent: the password is empty.");
      return true;
    }
    String name = namesRegistered.getOrDefault(userId.get(), "");
    LoginResMes result = session().login(userId.get(), password.get(), name);
    if (result.code() != ResultCode.OK.code()) {
      console.show(Answers.loginFailed(userId.get(), result));
      return true;
    }
    loggedIn = true;
    String online =
        result.usersCount() > result.usersId().size() // a big room: the list was cut
            ? String.format(Locale.ROOT, "%,d users", result.usersCount())
            : Display.ids(result.usersId());
    console.show("Logged in as user " + userId.get() + ". Online now: " + online);
    if (session.tutorialServer()) {
      console.show(TUTORIAL_SERVER);
    }
    new LoggedInMenu(session, prompter, console, display).run();
    return false;
  }

  private boolean register() throws IOException {
    Optional<Integer> userId = prompter.userId("New user id: ");
    Optional<String> name = userId.isEmpty() ? Optional.empty() : prompter.line("Your name: ");
    Optional<String> password = name.isEmpty() ? Optional.empty() : prompter.secret("Password: ");
    if (password.isEmpty()) {
      return true; // back to the menu, which also sees the end of input
    }
    Optional<String> problem = problemWith(name.get(), password.get());
    if (problem.isPresent()) {
      console.show("Not sent: " + problem.get() + ".");
      return true;
    }
    Registration result = session().register(userId.get(), password.get(), name.get());
    if (result.registered()) {
      namesRegistered.put(userId.get(), name.get().strip());
    }
    console.show(Answers.registration(userId.get(), result));
    return true;
  }

  /**
   * What is wrong with a new user's name or password, said for a person, checked here before
   * anything is sent: the rules of our server (docs/protocol.md, code 422). A Go tutorial server
   * has no rules, but a name of a thousand characters helps nobody there either.
   */
  static Optional<String> problemWith(String name, String password) {
    String trimmed = name.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_CHARS) {
      return Optional.of("a name has 1 to " + MAX_NAME_CHARS + " characters");
    }
    if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of("a name cannot contain control characters");
    }
    if (password.isEmpty()) {
      return Optional.of("the password is empty");
    }
    if (password.codePointCount(0, password.length()) > MAX_PASSWORD_CHARS) {
      return Optional.of("a password has at most " + MAX_PASSWORD_CHARS + " characters");
    }
    return Optional.empty();
  }

  private void awaitListener() {
    try {
      session.awaitClosed(ChatSession.REPLY_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void onPush(MessageType type, Object payload) {
    if (payload instanceof ErrorResMes error
        && error.code() == ResultCode.SESSION_REPLACED.code()) {
      console.show("You logged in somewhere else, so this session is closed.");
      return;
    }
    String line = display.pushed(payload);
    if (line != null) {
      console.show(line);
    }
  }

  @Override
  public void onClosed(String reason) {
    if (loggedIn) { // before a login, a closed connection is simply made again when needed
      console.show("[" + Display.clean(reason) + "]");
      console.interrupt(); // end the prompt that is waiting for input
    }
  }
}
