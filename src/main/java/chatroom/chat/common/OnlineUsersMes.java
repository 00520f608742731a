package chatroom.chat.common;

/**
 * Client to server: who is online right now? (An extension.) The payload {@code {}} asks for the
 * first page of the list.
 *
 * @param after list only the ids above this one: the last id of the page before
 */
public record OnlineUsersMes(int after) {
  /** Asks for the first page. */
  public OnlineUsersMes() {
    this(0);
  }
}
