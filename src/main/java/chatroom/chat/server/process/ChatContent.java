package chatroom.chat.server.process;

import java.util.Optional;

/** The rule for the text of a chat message, shared by group and private chat. */
final class ChatContent {
  /** Longer texts are refused: a chat line, not a file transfer. */
  static final int MAX_CHARS = 4096;

  private ChatContent() {}

  /** Why {@code content} cannot be sent, or empty if it can. */
  static Optional<String> problem(String content) {
    if (content.isBlank()) {
      return Optional.of("content must not be empty");
    }
    if (content.codePointCount(0, content.length()) > MAX_CHARS) {
      return Optional.of("content must be at most " + MAX_CHARS + " characters");
    }
    return Optional.empty();
  }
}
