package chatroom.chat.server.cluster;

import chatroom.chat.common.PrivateSmsMes;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What chat servers tell each other through Redis pub/sub, as JSON: one channel all nodes hear for
 * logins and departures, one for group messages, and one per node for what concerns only it.
 */
final class Events {
  /** Every node hears of every login and departure here. */
  static final String PRESENCE = "chat:presence";

  /** Every node hears every group message here. */
  static final String GROUP = "chat:group";

  /** A node that starts says its name here, so that the others count it at once. */
  static final String HELLO = "chat:hello";

  private Events() {}

  /** The channel only {@code node} listens to. */
  static String to(String node) {
    return "chat:to:" + node;
  }

  /**
   * A user came online on {@code node} ({@code on}) or left it ({@code off}).
   *
   * @param on true for a login, false for a departure
   * @param user the user
   * @param node where
   * @param login the login's number (later logins have larger ones)
   */
  record Presence(boolean on, int user, String node, long login) {}

  /**
   * A group message, sent to everyone online on the other nodes.
   *
   * @param node where it was sent: that node has delivered it to its own users already
   * @param envelope the {@code SmsMes} envelope, as a frame carries it
   */
  record Group(String node, String envelope) {}

  /** What one node asks another, or answers it, on the other's own channel. */
  enum Op {
    /** Deliver this private message to your user, and answer with {@link #DELIVERED}. */
    DELIVER,
    /** What became of a message: {@code outcome} says. */
    DELIVERED,
    /** Your session of {@code user} has been replaced by a login here: close it, then answer. */
    REPLACE,
    /** The replaced session is closed. */
    REPLACED,
    /** Mail was just kept for {@code user}, who is online with you: hand it over. */
    COLLECT
  }

  /**
   * A request to one node, or its answer.
   *
   * @param op what
   * @param from the node that sends it, which an answer goes back to
   * @param ask a number that pairs an answer with its request
   * @param user the user concerned
   * @param login the login concerned, for {@link Op#REPLACE}
   * @param message the private message, for {@link Op#DELIVER}
   * @param outcome what became of it, for {@link Op#DELIVERED}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Direct(
      Op op, String from, long ask, int user, long login, PrivateSmsMes message, String outcome) {}
}
