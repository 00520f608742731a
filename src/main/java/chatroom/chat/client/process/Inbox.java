package chatroom.chat.client.process;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The messages this client has received, for the "message list" menu; the newest 1000. */
public final class Inbox {
  static final int CAPACITY = 1000;

  /** How a message reached us. */
  public enum Kind {
    /** A group message, to everyone online. */
    GROUP,
    /** A private message, delivered at once. */
    PRIVATE,
    /** A private message kept while we were offline. */
    OFFLINE
  }

  /**
   * One received message.
   *
   * @param kind group, private, or private kept while offline
   * @param fromId the sender's user id
   * @param fromName the sender's name
   * @param content the text
   * @param at when it was sent (private) or received (group: the protocol carries no time)
   */
  public record Received(Kind kind, int fromId, String fromName, String content, Instant at) {}

  private final Deque<Received> messages = new ArrayDeque<>();

  synchronized void add(Received message) {
    if (messages.size() == CAPACITY) {
      messages.removeFirst();
    }
    messages.addLast(message);
  }

  /** Everything kept, oldest first. */
  public synchronized List<Received> messages() {
    return List.copyOf(messages);
  }
}
