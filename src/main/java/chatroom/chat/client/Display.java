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
import java.util.List;
import java.util.Locale;

/** How the console shows what arrives: one readable line per message or notice. */
final class Display {
  private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final Clock clock;

  Display(Clock clock) {
    this.clock = clock;
  }

  /** At most this many ids are printed in a list; a room of thousands would fill the screen. */
  static final int IDS_SHOWN = 100;

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
      return "! the server says (" + error.code() + "): " + clean(error.error());
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
    return "[" + stamp + "] " + clean(fromName) + " (" + fromId + ") to " + to + ": " + clean(text);
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
   * Text from other people is shown with its control characters replaced: an escape sequence in a
   * message must not be able to clear or rewrite the reader's screen.
   */
  static String clean(String text) {
    StringBuilder shown = new StringBuilder(text.length());
    text.codePoints().forEach(c -> shown.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
    return shown.toString();
  }
}
