package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.Transfer;
import java.io.IOException;

/**
 * One client connection as the server sees it: how to send to it and, once it has logged in, who it
 * is. Processors receive the session a request came from.
 */
public final class Session {
  private final Transfer transfer;
  private final String address;
  private volatile LoggedIn user; // null until a login succeeds

  private record LoggedIn(int userId, String userName) {}

  /** A session for a new connection, not logged in yet. */
  public Session(Transfer transfer, String address) {
    this.transfer = transfer;
    this.address = address;
  }

  /** Sends one message to this client. */
  public void send(MessageType type, Object payload) throws IOException {
    transfer.send(type, payload);
  }

  /** Records a successful login: from now on this connection speaks for {@code userId}. */
  public void loggedIn(int userId, String userName) {
    user = new LoggedIn(userId, userName);
  }

  /** True once a login on this connection has succeeded. */
  public boolean isLoggedIn() {
    return user != null;
  }

  /** The logged-in user's id, or 0 before login. */
  public int userId() {
    LoggedIn current = user;
    return current == null ? 0 : current.userId();
  }

  /** The logged-in user's name, or an empty string before login. */
  public String userName() {
    LoggedIn current = user;
    return current == null ? "" : current.userName();
  }

  /** The client's address, for log lines. */
  public String address() {
    return address;
  }

  @Override
  public String toString() {
    return isLoggedIn() ? "user " + userId() + " at " + address : address;
  }
}
