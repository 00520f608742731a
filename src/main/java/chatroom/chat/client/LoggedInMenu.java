package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.client.process.ChatSession.OnlineNow;
import chatroom.chat.client.process.Inbox.Received;
import chatroom.chat.common.Feature;
import chatroom.chat.common.ResultCode;
import chatroom.support.Prompter;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The tutorial's second menu, shown once logged in. */
final class LoggedInMenu {
  static final String MENU =
      """
      ---------- You are logged in ----------
        1. Show online users
        2. Send a message
        3. Message list
        4. Exit""";

  private final ChatSession session;
  private final Prompter prompter;
  private final ChatConsole console;
  private final Display display;

  LoggedInMenu(ChatSession session, Prompter prompter, ChatConsole console, Display display) {
    this.session = session;
    this.prompter = prompter;
    this.console = console;
    this.display = display;
  }

  /** Shows the menu until the user exits, input ends or the connection does; then logs out. */
  void run() throws IOException {
    while (session.isOpen()) {
      console.show(MENU);
      Optional<Integer> choice = prompter.choice("Choose (1-4): ", 4);
      if (choice.isEmpty() || choice.get() == 4 || !session.isOpen()) {
        break;
      }
      switch (choice.get()) {
        case 1 -> showOnlineUsers();
        case 2 -> sendMessages();
        default -> showMessageList();
      }
    }
    if (session.isOpen()) {
      try {
        session.logout();
      } catch (IOException goneMeanwhile) {
        // the connection ended while we were leaving: nothing left to log out of
      }
    }
  }

  /**
   * The client's own list while it can be trusted; in a big room, the server's. A server that has
   * no list to give (a Go tutorial server) never has a big room: it announces every login.
   */
  private void showOnlineUsers() throws IOException {
    if (session.online().complete() || !session.offers(Feature.ONLINE_LIST)) {
      List<Integer> ids = session.online().ids();
      console.show("Online now (" + ids.size() + "): " + Display.ids(ids));
      return;
    }
    OnlineNow now = session.requestOnlineUsers();
    if (now.code() != ResultCode.OK.code()) {
      List<Integer> known = session.online().ids();
      console.show(
          "The server did not send the list ("
              + now.code()
              + "): "
              + Answers.orCode(now.code(), now.error())
              + ". The users this client knows of ("
              + known.size()
              + "): "
              + Display.ids(known));
    } else if (!now.whole()) {
      console.show(
          "Online now (more than "
              + now.ids().size()
              + "): "
              + Display.ids(now.ids())
              + " (the server's list did not end after "
              + ChatSession.MAX_ONLINE_PAGES
              + " pages, so this client stopped asking)");
    } else {
      console.show("Online now (" + now.ids().size() + "): " + Display.ids(now.ids()));
    }
  }

  private void sendMessages() throws IOException {
    Optional<Integer> to = prompter.choice("1. To everyone  2. To one user: ", 2);
    if (to.isEmpty()) {
      return;
    }
    Optional<Integer> userId = Optional.of(0);
    if (to.get() == 2) {
      if (!session.offers(Feature.PRIVATE)) {
        console.show(notOffered("private chat") + ": choose 1 to write to everyone.");
        return;
      }
      userId = prompter.userId("To user id: ");
      if (userId.isEmpty()) {
        return;
      }
    }
    console.show("Type your messages, one per line; an empty line goes back to the menu.");
    while (session.isOpen()) {
      Optional<String> text = prompter.line("> ");
      if (text.isEmpty() || text.get().isBlank()) {
        return;
      }
      Optional<String> problem = session.problemWith(text.get());
      if (problem.isPresent()) {
        console.show("Not sent: " + problem.get() + ".");
      } else if (to.get() == 1) {
        session.sendToAll(text.get());
      } else {
        console.show(Answers.privateOutcome(session.sendTo(userId.get(), text.get())));
      }
    }
  }

  /** "This server does not offer private chat", saying why when it is a Go tutorial server. */
  private String notOffered(String what) {
    return "This server does not offer "
        + what
        + (session.tutorialServer() ? " (it is a Go tutorial server)" : "");
  }

  private void showMessageList() {
    List<Received> messages = session.inbox().messages();
    if (messages.isEmpty()) {
      console.show("No messages yet.");
      return;
    }
    messages.forEach(m -> console.show(display.listed(m)));
  }
}
