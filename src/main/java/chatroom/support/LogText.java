package chatroom.support;

/**
 * Makes text that came from a client safe to put in a log line: escaped, so that it cannot start a
 * line of its own or drive the terminal of whoever reads the log, and cut short, so that a 60 KB
 * name costs a line, not 60 KB.
 */
public final class LogText {
  /** How much of a client's text a log line shows by default. */
  public static final int DEFAULT_LIMIT = 100;

  private LogText() {}

  /** {@code text} escaped and cut to {@link #DEFAULT_LIMIT} characters. */
  public static String of(String text) {
    return of(text, DEFAULT_LIMIT);
  }

  /**
   * {@code text} with every character a log reader could be fooled by written as an escape (a line
   * break as {@code \n}, ESC as {@code \u001b}, a right-to-left override as {@code \u202e}, a
   * backslash as {@code \\}), cut once the result reaches {@code limit} characters; the cut says
   * how many characters of {@code text} were left out: {@code …(59900 more)}.
   */
  public static String of(String text, int limit) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 16);
    int i = 0;
    while (i < text.length() && out.length() < limit) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", c));
          } else {
            out.appendCodePoint(c);
          }
        }
      }
    }
    if (i < text.length()) {
      out.append("…(").append(text.codePointCount(i, text.length())).append(" more)");
    }
    return out.toString();
  }

  /**
   * Controls, invisible formatting (bidi overrides, zero-width characters), line and paragraph
   * separators, and halves of surrogate pairs: none of them shows as itself on a terminal.
   */
  private static boolean needsEscape(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED ->
          true;
      default -> false;
    };
  }
}
