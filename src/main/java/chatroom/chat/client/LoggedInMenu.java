package chatroom.chat.client;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.client.process.ChatSession.OnlineNow;
import chatroom.chat.client.process.Inbox.Received;
import chatroom.chat.common.Feature;
import chatroom.chat.common.FindUserResMes;
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

  /** Who a private chat goes to: an id, and the name if the server said it. */
  private record Partner(int userId, String name) {}

  LoggedInMenu(ChatSession session, Prompter prompter, ChatConsole console, Display display) {
    this.session = session;
    this.prompter = prompter;
    this.console = console;
    this.display = display;
  }

  /**
   * Shows the menu until the user leaves (menu 4, the end of input, Ctrl-C), then logs out; or
   * until the connection is lost.
   *
   * @return empty if the user left, else why the connection was lost
   */
  Optional<String> run() {
    try {
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
    } catch (IOException e) {
      hangUp(); // no answer, or one that cannot be read: this connection is no use any more
      return Optional.of(e.getMessage());
    }
    if (!session.isOpen()) {
      return Optional.of("the server closed the connection");
    }
    try {
      session.logout();
    } catch (IOException goneMeanwhile) {
      // the connection ended while we were leaving: nothing left to log out of
    }
    return Optional.empty();
  }

  private void hangUp() {
    try {
      session.close();
    } catch (IOException alreadyGone) {
      // nothing to hang up
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
    if (to.get() == 1) {
      console.show("Type your messages, one per line; an empty line goes back to the menu.");
      chat(Optional.empty());
      return;
    }
    if (!session.offers(Feature.PRIVATE)) {
      console.show(notOffered("private chat") + ": choose 1 to write to everyone.");
      return;
    }
    Optional<Partner> partner = choosePartner();
    if (partner.isPresent()) {
      console.show(
          "Type your messages to "
              + Display.who(partner.get().userId(), partner.get().name())
              + ", one per line; an empty line goes back to the menu.");
      chat(partner);
    }
  }

  /**
   * Asks who to write to until the server knows the id, or the user goes back with an empty line. A
   * server without {@link Feature#FIND_USER} cannot be asked: then a wrong id shows in the answer
   * to the first message.
   */
  private Optional<Partner> choosePartner() throws IOException {
    while (session.isOpen()) {
      Optional<Integer> userId = prompter.userId("To user id (an empty line goes back): ");
      if (userId.isEmpty()) {
        return Optional.empty();
      }
      int id = userId.get();
      if (id == session.userId()) {
        console.show("That is you: choose someone else.");
        continue;
      }
      if (!session.offers(Feature.FIND_USER)) {
        return Optional.of(new Partner(id, ""));
      }
      FindUserResMes found = session.findUser(id);
      switch (found.code()) {
        case 200 -> {
          if (!found.online()) {
            console.show(
                Display.who(id, found.userName())
                    + " is offline: your messages will wait until they log in.");
          }
          return Optional.of(new Partner(id, found.userName()));
        }
        case 404 -> console.show("There is no user " + id + ".");
        default ->
            console.show(
                "The server could not look up user "
                    + id
                    + " ("
                    + found.code()
                    + "): "
                    + Answers.orCode(found.code(), found.error())
                    + ".");
      }
    }
    return Optional.empty();
  }

  /** Sends what the user types, to everyone or to {@code partner}, until an empty line. */
  private void chat(Optional<Partner> partner) throws IOException {
    while (session.isOpen()) {
      Optional<String> text = prompter.line("> ");
      if (text.isEmpty() || text.get().isBlank()) {
        return;
      }
      Optional<String> problem = session.problemWith(text.get());
      if (problem.isPresent()) {
        console.show("Not sent: " + problem.get() + ".");
      } else if (partner.isEmpty()) {
        session.sendToAll(text.get());
      } else {
        console.show(Answers.privateOutcome(session.sendTo(partner.get().userId(), text.get())));
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
