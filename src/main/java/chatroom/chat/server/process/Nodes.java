package chatroom.chat.server.process;

import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.server.model.StoreException;
import java.util.Optional;

/**
 * The other chat servers that share this one's Redis, as the processors see them (lesson 13). A
 * login is numbered and made known to every node, a private message for a user on another node is
 * handed to that node, and a group message reaches the users of every node. With no other node,
 * everything stays here; the processors do not need to know which.
 */
public interface Nodes {
  /**
   * A login made known before the session joins.
   *
   * @param login the number of this login among the user's logins on every node (later, larger)
   * @param previousNode the node the user was online on until now, if another; empty if none
   */
  record Claim(long login, Optional<String> previousNode) {}

  /** This server's name among the nodes. */
  String me();

  /** Numbers a login of {@code userId} here, and records that the user is online on this node. */
  Claim claim(int userId) throws StoreException;

  /**
   * Tells the other nodes that {@code session} has joined the online users here; if its user was
   * online on another node until now, waits (a little, and holding no lock) until that node has
   * closed the older session, so that it hands over no message twice.
   */
  void joined(Session session, Claim claim);

  /** The node {@code userId} is online on now, if any (this one included). */
  Optional<String> whereIs(int userId) throws StoreException;

  /**
   * Hands a private message to the node its recipient is online on, and waits for what became of it
   * there.
   *
   * @return what the other node did with it; empty if that node is not listening (it has stopped),
   *     and the message is to be kept here
   */
  Optional<Mailboxes.Outcome> deliverThere(String node, PrivateSmsMes message)
      throws StoreException;

  /** Sends a group message, the envelope of an {@code SmsMes}, to the users of every other node. */
  void tellOthers(byte[] envelope);

  /**
   * A message was just kept for {@code userId}: if the user has logged in meanwhile, on any node,
   * that node hands it over, so it does not wait for the next login.
   */
  void kept(int userId);

  /** A single chat server with nobody to share with, for tests that need no Redis for this. */
  Nodes ALONE =
      new Nodes() {
        @Override
        public String me() {
          return "alone";
        }

        @Override
        public Claim claim(int userId) {
          return new Claim(0, Optional.empty());
        }

        @Override
        public void joined(Session session, Claim claim) {}

        @Override
        public Optional<String> whereIs(int userId) {
          return Optional.empty();
        }

        @Override
        public Optional<Mailboxes.Outcome> deliverThere(String node, PrivateSmsMes message) {
          return Optional.empty();
        }

        @Override
        public void tellOthers(byte[] envelope) {}

        @Override
        public void kept(int userId) {}
      };
}
