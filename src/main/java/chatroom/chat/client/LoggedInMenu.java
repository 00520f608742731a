package chatroom.chat.client;

import chatroom.support.Prompter;
import java.io.PrintStream;
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

  private final Prompter prompter;
  private final PrintStream console;

  LoggedInMenu(Prompter prompter, PrintStream console) {
    this.prompter = prompter;
    this.console = console;
  }

  /** Shows the menu until the user exits or input ends. */
  void run() {
    while (true) {
      console.println(MENU);
      Optional<Integer> choice = prompter.number("Choose (1-4): ", 1, 4);
      if (choice.isEmpty() || choice.get() == 4) {
        return;
      }
      console.println(
          switch (choice.get()) {
            case 1 -> "The online user list is not built yet: it arrives in lesson 07.";
            case 2 -> "Sending messages is not built yet: group chat arrives in lesson 08.";
            default -> "The message list is not built yet: it arrives in lesson 08.";
          });
    }
  }
}
