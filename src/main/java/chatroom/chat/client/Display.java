package chatroom.chat.client;

import chatroom.chat.client.process.Inbox.Kind;
import chatroom.chat.client.process.Inbox.Received;
import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.SmsMes;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the console shows what arrives: one readable line per message or notice.
 *
 * <p>Names, message text and error texts come from other people or from the server, and end up on
 * this user's terminal, so none of them is printed as it came. They could otherwise drive the
 * terminal or fake a line that seems to come from someone else. {@link #clean} and {@link #content}
 * apply these rules:
 *
 * <ul>
 *   <li>Control characters (escape, bell, carriage return and the rest), the bidirectional controls
 *       that reorder text (U+202A to U+202E, U+2066 to U+2069, U+200E, U+200F, U+061C) and the line
 *       and paragraph separators (U+2028, U+2029) become {@code �}: they never belong in a chat
 *       line, and the reader should see that something was there.
 *   <li>Other invisible format characters (zero-width spaces and joiners, U+FEFF, U+2060, the soft
 *       hyphen) are dropped. Invisible anyway, they could only make two names look alike, and the
 *       user id printed beside every name tells those apart.
 *   <li>Every run of spaces, tabs and other blanks becomes one space, so nobody can pad a message
 *       out to the edge of the screen to start a line of their own; and a character keeps at most
 *       four accents stacked on it, so a line cannot paint over its neighbours.
 *   <li>A message of several lines shows its second and later lines after {@link #INDENT}, and
 *       {@link ChatConsole} wraps long lines with the same indent. So text from others never starts
 *       at the left edge of the screen, where only this client's own lines begin.
 * </ul>
 */
final class Display {
  /** What starts every line of other people's text except the first, in messages and wrapping. */
  static final String INDENT = "    ";

  /** What an unwanted character is shown as: a visible sign that something was there. */
  static final char REPLACED = '\uFFFD';

  /** At most this many ids are printed in a list; a room of thousands would fill the screen. */
  static final int IDS_SHOWN = 100;

  private static final int MAX_MARKS = 4;
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Clock clock;

  Display(Clock clock) {
    this.clock = clock;
  }

  /** A list of user ids as {@code [1, 2, 3]}, cut after {@link #IDS_SHOWN} with a count. */
  static String ids(List<Integer> ids) {
    if (ids.size() <= IDS_SHOWN) {
      return ids.toString();
    }
    return ids.subList(0, IDS_SHOWN)
        + String.format(Locale.ROOT, " and %,d more", ids.size() - IDS_SHOWN);
  }

  /** A line for a message the server pushed, or null for one the console need not show. */
  String pushed(Object payload) {
    if (payload instanceof SmsMes group) {
      return line(
          stamp(clock.instant(), false),
          group.userId(),
          group.userName(),
          "everyone",
          group.content());
    }
    if (payload instanceof PrivateSmsMes direct) {
      Instant sent = Instant.ofEpochMilli(direct.sentAt());
      return line(
          stamp(sent, direct.offline()),
          direct.userId(),
          direct.userName(),
          "you",
          direct.content());
    }
    if (payload instanceof NotifyUserStatusMes notice) {
      return "* user " + notice.userId() + " " + status(notice.status());
    }
    if (payload instanceof ErrorResMes error) {
      String reason = clean(error.error());
      return "! the server says ("
          + error.code()
          + "): "
          + (reason.isBlank() ? "no reason given" : reason);
    }
    return null;
  }

  /** A line of the message list. */
  String listed(Received message) {
    return line(
        stamp(message.at(), message.kind() == Kind.OFFLINE),
        message.fromId(),
        message.fromName(),
        message.kind() == Kind.GROUP ? "everyone" : "you",
        message.content());
  }

  private static String line(String stamp, int fromId, String fromName, String to, String text) {
    return "[" + stamp + "] " + who(fromId, fromName) + " to " + to + ": " + content(text);
  }

  /**
   * A user as {@code Bob (200)}; as {@code user 200} when the name is blank, as it is in every
   * message a Go tutorial client sends (its server passes them on as they are).
   */
  static String who(int userId, String userName) {
    String name = clean(userName);
    return name.isBlank() ? "user " + userId : name + " (" + userId + ")";
  }

  private String stamp(Instant at, boolean keptWhileAway) {
    ZoneId zone = clock.getZone();
    ZonedDateTime when = at.atZone(zone);
    String time =
        when.toLocalDate().equals(LocalDate.now(clock)) ? TODAY.format(when) : EARLIER.format(when);
    return keptWhileAway ? time + ", while you were away" : time;
  }

  private static String status(int status) {
    return switch (status) {
      case NotifyUserStatusMes.ONLINE -> "is online";
      case NotifyUserStatusMes.OFFLINE -> "went offline";
      case NotifyUserStatusMes.BUSY -> "is busy";
      default -> "has status " + status;
    };
  }

  /**
   * The text of a chat message, ready to print: each line {@linkplain #clean cleaned}, blank lines
   * run together, and every line after the first indented.
   */
  static String content(String text) {
    List<String> lines = new ArrayList<>();
    boolean blankBefore = true; // no blank lines at the start
    for (String line : (text == null ? "" : text).split("\n", -1)) {
      String shown = clean(line).strip();
      if (shown.isEmpty() && blankBefore) {
        continue;
      }
      lines.add(shown);
      blankBefore = shown.isEmpty();
    }
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return String.join("\n" + INDENT, lines);
  }

  /**
   * One line of text from someone else, safe to print: see the rules in this class's comment. A
   * missing text (a field the server left out) is shown as nothing.
   */
  static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder shown = new StringBuilder(text.length());
    boolean afterBlank = false;
    int marks = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      int type = Character.getType(c);
      if (c == '\t' || type == Character.SPACE_SEPARATOR) {
        if (!afterBlank) {
          shown.append(' ');
        }
        afterBlank = true;
        marks = 0;
      } else if (Character.isISOControl(c)
          || isBidiControl(c)
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE) { // half of a pair, alone
        shown.append(REPLACED);
        afterBlank = false;
        marks = 0;
      } else if (type == Character.FORMAT) {
        continue; // invisible: dropped, and the blank before it still counts
      } else if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK) {
        if (++marks <= MAX_MARKS) {
          shown.appendCodePoint(c);
        }
      } else {
        shown.appendCodePoint(c);
        afterBlank = false;
        marks = 0;
      }
    }
    return shown.toString();
  }

  private static boolean isBidiControl(int c) {
    return (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x200E
        || c == 0x200F
        || c == 0x061C;
  }
}
