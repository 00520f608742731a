package chatroom.chat.common;

import java.util.Optional;

/**
 * The rule for the text of a chat message, group or private, shared by the server (which refuses
 * what breaks it) and the client (which says so before sending).
 *
 * <p>A chat line, not a file: at most {@link #MAX_CHARS} characters, and at most {@link
 * #MAX_WIRE_BYTES} bytes as the text travels inside an envelope, JSON escapes of both levels
 * counted. The second limit keeps every chat frame within the 8 096 bytes a Go tutorial program can
 * read ({@link Protocol#TUTORIAL_FRAME_BYTES}): 3 000 Chinese characters are fewer than 4 096
 * characters but 9 000 bytes. Control characters other than tab and newline are refused: they mean
 * nothing in a chat line and can drive a terminal.
 */
public final class ChatText {
  /** The most characters (Unicode code points) a message may have. */
  public static final int MAX_CHARS = 4096;

  /** The most bytes the text may take inside a frame; the rest of any chat frame fits beside it. */
  public static final int MAX_WIRE_BYTES = 7168;

  private ChatText() {}

  /** Why {@code content} cannot be sent, or empty if it can; said for a person to read. */
  public static Optional<String> problem(String content) {
    if (content.isBlank()) {
      return Optional.of("the message is empty");
    }
    if (content.codePointCount(0, content.length()) > MAX_CHARS) {
      return Optional.of("the message is longer than " + MAX_CHARS + " characters");
    }
    if (content.codePoints().anyMatch(ChatText::isForbiddenControl)) {
      return Optional.of("the message contains control characters");
    }
    if (wireBytes(content) > MAX_WIRE_BYTES) {
      return Optional.of("the message is too long: at most " + MAX_WIRE_BYTES + " bytes once sent");
    }
    return Optional.empty();
  }

  private static boolean isForbiddenControl(int c) {
    return Character.isISOControl(c) && c != '\t' && c != '\n';
  }

  /**
   * How many bytes {@code content} takes inside an envelope: the payload's JSON escapes ({@code "}
   * and {@code \} become two bytes, newline and tab two), then the envelope's, which escape every
   * {@code "} and {@code \} of the payload once more. Other characters are their UTF-8 bytes.
   */
  public static int wireBytes(String content) {
    int bytes = 0;
    for (int i = 0; i < content.length(); ) {
      int c = content.codePointAt(i);
      i += Character.charCount(c);
      if (c == '"' || c == '\\') {
        bytes += 4; // \"  then  \\\"
      } else if (c == '\n' || c == '\t') {
        bytes += 3; // \n  then  \\n
      } else if (c < 0x20) {
        bytes += 7; // a six-byte escape, its backslash escaped again (refused anyway)
      } else if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (c < 0x10000) {
        bytes += 3;
      } else {
        bytes += 4;
      }
    }
    return bytes;
  }
}
