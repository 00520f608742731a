package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.client.process.ChatSession.Registration;
import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.support.OptionTypes;
import chatroom.support.Prompter;
import chatroom.support.ServerAddress;
import chatroom.support.tls.Certificates;
import chatroom.support.tls.ClientTls;
import chatroom.support.tls.KnownServers;
import chatroom.support.tls.ServerNotTrusted;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The chat's console client (lessons 04 to 11), the tutorial's two menus. It only asks and prints;
 * every protocol step is a call on {@link ChatSession}.
 *
 * <p>It connects when it has something to send (a registration, a login) and not before: our server
 * closes connections that stay silent before logging in, and someone may sit at the first menu for
 * a long time. When the server cannot be reached, or goes away while logged in, the client asks
 * whether to try again rather than ending.
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

  /** Asked when a server is met for the first time over TLS, after its certificate is shown. */
  static final String TRUST_NEW_SERVER = "Trust this server, and remember it? (y/n) ";

  /** Asked when the server cannot be reached, or has gone. */
  static final String RECONNECT = "The server is gone: reconnect? (y/n) ";

  /** How many times in a row "reconnect?" may be answered yes before the client gives up. */
  static final int MAX_RECONNECTS = 5;

  /** The longest name our server accepts. */
  static final int MAX_NAME_CHARS = 32;

  /** The longest password our server accepts. */
  static final int MAX_PASSWORD_CHARS = 64;

  /** Opens a connection to the server: plain TCP, or TLS with the server's certificate checked. */
  @FunctionalInterface
  private interface Connector {
    Socket open() throws IOException;
  }

  private final ChatConsole console;
  private final ServerAddress server;
  private final Prompter prompter;
  private Connector connector;
  private final Display display = new Display(Clock.systemDefaultZone());

  /**
   * The names of the users registered in this run, by id. A Go tutorial server passes each group
   * message on exactly as the client wrote it, so the client writes its user's name into it; it
   * knows the name only if the user registered it here, and otherwise leaves it blank.
   */
  private final Map<Integer, String> namesRegistered = new HashMap<>();

  private int reconnects; // "yes" answers to RECONNECT since the last login
  private volatile boolean loggedIn;
  private volatile boolean replaced; // this user logged in elsewhere (409)
  private volatile String lostBecause; // why the listener saw the connection end

  private ChatClient(ChatConsole console, ServerAddress server) {
    this.console = console;
    this.server = server;
    this.prompter = new Prompter(console, console::show);
    this.connector = server::connect;
  }

  /**
   * {@code ChatClient [--host H] [--port P] [--tls]}: see {@link ChatClientOptions}, or {@code
   * --help}.
   */
  public static void main(String[] args) throws IOException {
    int status;
    try (ChatConsole console = ChatConsole.system()) {
      status = run(args, console, System.err);
    }
    System.exit(status);
  }

  /**
   * Runs the client as {@link #main} does, on the given console; {@code --help} and {@code
   * --version} are shown there, mistakes in the arguments go to {@code err}.
   *
   * @return 0 after the user leaves, 1 when the server cannot be reached (or has gone and the user
   *     chose not to reconnect), 2 on bad arguments
   */
  public static int run(String[] args, ChatConsole console, PrintStream err) {
    ChatClientOptions options = new ChatClientOptions();
    StringWriter help = new StringWriter();
    int status =
        OptionTypes.run(
            options,
            args,
            new PrintWriter(help, true),
            new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true),
            () -> start(options, console, err));
    if (!help.toString().isEmpty()) {
      console.show(help.toString().stripTrailing());
    }
    return status;
  }

  private static int start(ChatClientOptions options, ChatConsole console, PrintStream err) {
    if (options.mistake().isPresent()) {
      err.println(options.mistake().get());
      return 2;
    }
    ChatClient client = new ChatClient(console, options.server());
    if (options.tls()) {
      try {
        ClientTls tls = client.trust(options);
        client.connector = () -> tls.connect(options.server());
      } catch (IOException e) {
        err.println(e.getMessage()); // the --trust file cannot be read
        return 1;
      }
    }
    try {
      // A server that is down, or whose certificate is not trusted, is reported before any menu.
      client.connector.open().close();
    } catch (IOException e) {
      err.println(client.explain(e));
      return 1;
    }
    int status = client.mainMenu();
    console.show("Bye.");
    return status;
  }

  /**
   * Whom to trust over TLS: the certificates in the {@code --trust} file, or servers trusted on
   * first use, which a person is asked about on a terminal (and, with {@code --trust-new}, nobody).
   */
  private ClientTls trust(ChatClientOptions options) throws IOException {
    if (options.trust().isPresent()) {
      return ClientTls.trusting(options.trust().get());
    }
    KnownServers known = options.knownServers();
    ClientTls.FirstContact firstContact;
    if (options.trustNew()) {
      firstContact =
          (name, certificate) -> {
            console.show("Trusting the new server at " + name + ", SHA-256 fingerprint");
            showFingerprint(certificate);
            console.show("and remembering it in " + known.file());
            return true;
          };
    } else if (console.hasAPerson()) {
      firstContact = this::askAboutNewServer;
    } else {
      firstContact = ClientTls.REFUSE; // nobody to ask: refused, with the fingerprint to check
    }
    return ClientTls.trustOnFirstUse(known, firstContact);
  }

  /** Trust on first use: shows a new server's certificate and asks whether to trust it. */
  private boolean askAboutNewServer(String name, X509Certificate certificate) {
    console.show("The chat server at " + name + " is new to this client. Its certificate is");
    console.show("  for " + String.join(", ", Certificates.names(certificate)));
    console.show("  valid " + Certificates.validity(certificate));
    console.show("  SHA-256 fingerprint");
    showFingerprint(certificate);
    if (!Certificates.isFor(certificate, server.host())) {
      console.show("  Note: it is not for " + server.host() + ", the name you connected to.");
    }
    console.show("Compare the fingerprint with the one the server printed when it started.");
    return prompter.yesOrNo(TRUST_NEW_SERVER).orElse(false);
  }

  /**
   * A fingerprint in two rows of 16 bytes, which fit any terminal: in one row of 95 characters the
   * console would break it wherever the screen ends, and make it harder to compare.
   */
  private void showFingerprint(X509Certificate certificate) {
    String fingerprint = Certificates.fingerprint(certificate);
    int half = fingerprint.length() / 2; // the colon between the 16th and 17th byte
    console.show("    " + fingerprint.substring(0, half));
    console.show("    " + fingerprint.substring(half + 1));
  }

  /** Why talking to the server failed, in words: TLS's reasons first, then the network's. */
  private String explain(IOException failure) {
    return ClientTls.explain(failure, server)
        .orElseGet(() -> server.explain(failure, "chat server"));
  }

  /** The first menu, until the user leaves; returns the exit status. */
  private int mainMenu() {
    while (true) {
      console.show(MAIN_MENU);
      Optional<Integer> choice = prompter.choice("Choose (1-3): ", 3);
      if (choice.isEmpty() || choice.get() == 3) {
        return 0;
      }
      OptionalInt end = choice.get() == 1 ? logIn() : register();
      if (end.isPresent()) {
        return end.getAsInt();
      }
    }
  }

  /**
   * Asks for an id and a password, logs in and shows the second menu.
   *
   * @return empty to show the first menu again, or the exit status to end with
   */
  private OptionalInt logIn() {
    Optional<Integer> userId = prompter.userId("User id: ");
    Optional<String> password = userId.isEmpty() ? Optional.empty() : prompter.secret("Password: ");
    if (password.isEmpty()) {
      return OptionalInt.empty(); // back to the menu, which also sees the end of input
    }
    if (password.get().isEmpty()) {
      console.show("Not sent: the password is empty.");
      return OptionalInt.empty();
    }
    while (true) { // once more after each reconnection
      Optional<ChatSession> session = connect();
      if (session.isEmpty()) {
        return OptionalInt.of(1);
      }
      try (ChatSession connected = session.get()) {
        Optional<String> lost = loggedIn(connected, userId.get(), password.get());
        if (lost.isEmpty()) {
          return connected.userId() == 0 ? OptionalInt.empty() : OptionalInt.of(0);
        }
        if (replaced) {
          console.show("You logged in somewhere else, so this session is closed.");
          return OptionalInt.of(0);
        }
        if (!reconnect("[" + Display.clean(lost.get()) + "]")) {
          return OptionalInt.of(1);
        }
      } catch (IOException closing) {
        // closing a connection that is gone already: nothing to do
      }
    }
  }

  /**
   * Logs in on {@code session} and runs the second menu.
   *
   * @return empty once the user has left, or after a refused login (then the session has no user);
   *     else why the connection was lost
   */
  private Optional<String> loggedIn(ChatSession session, int userId, String password) {
    LoginResMes result;
    try {
      result = session.login(userId, password, namesRegistered.getOrDefault(userId, ""));
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
    if (result.code() != ResultCode.OK.code()) {
      console.show(Answers.loginFailed(userId, result));
      return Optional.empty();
    }
    reconnects = 0;
    replaced = false;
    lostBecause = null;
    loggedIn = true;
    String online =
        result.usersCount() > result.usersId().size() // a big room: the list was cut
            ? String.format(Locale.ROOT, "%,d users", result.usersCount())
            : Display.ids(result.usersId());
    console.show("Logged in as user " + userId + ". Online now: " + online);
    if (session.tutorialServer()) {
      console.show(TUTORIAL_SERVER);
    }
    Optional<String> lost = new LoggedInMenu(session, prompter, console, display).run();
    loggedIn = false;
    if (lost.isPresent() && !session.isOpen()) {
      awaitListener(session); // it says why the connection ended, or that we were replaced
      console.resume(); // it ended the question that was waiting
      return Optional.of(lostBecause != null ? lostBecause : lost.get());
    }
    return lost;
  }

  /** Registers a user on a connection of its own, closed again at once. */
  private OptionalInt register() {
    Optional<Integer> userId = prompter.userId("New user id: ");
    Optional<String> name = userId.isEmpty() ? Optional.empty() : prompter.line("Your name: ");
    if (name.isEmpty()) {
      return OptionalInt.empty(); // back to the menu, which also sees the end of input
    }
    Optional<String> problem = problemWithName(name.get()); // before a password is typed for it
    if (problem.isPresent()) {
      console.show("Not sent: " + problem.get() + ".");
      return OptionalInt.empty();
    }
    Optional<String> password = prompter.secret("Password: ");
    if (password.isEmpty()) {
      return OptionalInt.empty();
    }
    problem = problemWith(name.get(), password.get());
    if (problem.isPresent()) {
      console.show("Not sent: " + problem.get() + ".");
      return OptionalInt.empty();
    }
    while (true) {
      Optional<ChatSession> session = connect();
      if (session.isEmpty()) {
        return OptionalInt.of(1);
      }
      try (ChatSession connected = session.get()) {
        Registration result = connected.register(userId.get(), password.get(), name.get());
        if (result.registered()) {
          namesRegistered.put(userId.get(), name.get().strip());
        }
        console.show(Answers.registration(userId.get(), result));
        return OptionalInt.empty();
      } catch (IOException e) {
        if (!reconnect("[" + Display.clean(e.getMessage()) + "]")) {
          return OptionalInt.of(1);
        }
      }
    }
  }

  /**
   * What is wrong with a new user's name or password, said for a person, checked here before
   * anything is sent: the rules of our server (docs/protocol.md, code 422). A Go tutorial server
   * has no rules, but a name of a thousand characters helps nobody there either.
   */
  static Optional<String> problemWith(String name, String password) {
    Optional<String> withName = problemWithName(name);
    if (withName.isPresent()) {
      return withName;
    }
    if (password.isEmpty()) {
      return Optional.of("the password is empty");
    }
    if (password.codePointCount(0, password.length()) > MAX_PASSWORD_CHARS) {
      return Optional.of("a password has at most " + MAX_PASSWORD_CHARS + " characters");
    }
    return Optional.empty();
  }

  /** What is wrong with a new user's name, as {@link #problemWith}; empty if nothing. */
  static Optional<String> problemWithName(String name) {
    String trimmed = name.strip();
    if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_NAME_CHARS) {
      return Optional.of("a name has 1 to " + MAX_NAME_CHARS + " characters");
    }
    if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
      return Optional.of("a name cannot contain control characters");
    }
    return Optional.empty();
  }

  /**
   * A new connection, asking whether to try again while the server cannot be reached. A server
   * whose certificate is not trusted is not asked about again: trying again would not change it.
   */
  private Optional<ChatSession> connect() {
    while (true) {
      try {
        return Optional.of(ChatSession.connect(connector.open(), this));
      } catch (IOException e) {
        if (ServerNotTrusted.in(e).isPresent()) {
          console.show(explain(e));
          return Optional.empty();
        }
        if (!reconnect(explain(e))) {
          return Optional.empty();
        }
      }
    }
  }

  /**
   * Says why the server cannot be used and asks whether to try again: true for yes. After {@link
   * #MAX_RECONNECTS} tries in a row the client gives up without asking.
   */
  private boolean reconnect(String why) {
    console.show(why);
    if (reconnects == MAX_RECONNECTS) {
      console.show(
          "Giving up after "
              + MAX_RECONNECTS
              + " tries: the server at "
              + server
              + " is still gone.");
      return false;
    }
    boolean yes = prompter.yesOrNo(RECONNECT).orElse(false);
    if (yes) {
      reconnects++;
    }
    return yes;
  }

  private static void awaitListener(ChatSession session) {
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
      replaced = true; // said once the menu has ended, with nothing printed after it
      return;
    }
    String line = display.pushed(payload);
    if (line != null) {
      console.show(line);
    }
  }

  /**
   * The connection ended while logged in: end the question that is waiting, and say why once the
   * menus have unwound, so that no prompt is left on the screen after the news.
   */
  @Override
  public void onClosed(String reason) {
    if (loggedIn) {
      lostBecause = reason;
      console.interrupt(); // end the prompt that is waiting for input
    }
  }
}
