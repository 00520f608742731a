package chatroom.testing;

import chatroom.chat.common.Json;
import chatroom.chat.common.Message;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.process.Session;
import chatroom.chat.server.tcp.TcpConnection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** A server-side {@link Session} with no network: what it sends is kept for the test to read. */
public final class RecordedSession {
  private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
  private final Session session =
      new Session(
          new TcpConnection(
              new Transfer(
                  new ByteArrayInputStream(new byte[0]), sent, Protocol.DEFAULT_MAX_FRAME_BYTES),
              InetAddress.getLoopbackAddress(),
              "/test:1"),
          1024 * 1024);

  /** The session to hand to a processor. */
  public Session session() {
    return session;
  }

  /**
   * Every message sent to this session, decoded from the frames written. Closes the session first,
   * once what is queued is written, so that nothing still on its way is missed.
   */
  public List<Message> sent() throws IOException {
    session.closeAfterSending();
    if (!session.awaitClosed(ChatServerFixture.WAIT)) {
      throw new AssertionError("the session's queue was not written in time");
    }
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(sent.toByteArray()));
    List<Message> messages = new ArrayList<>();
    while (in.available() > 0) {
      byte[] body = new byte[in.readInt()];
      in.readFully(body);
      messages.add(Json.decodeEnvelope(body));
    }
    return messages;
  }

  /** The only message sent, decoded as {@code type}; fails if there was not exactly one. */
  public <T> T onlyReply(String wireType, Class<T> type) throws IOException {
    List<Message> messages = sent();
    if (messages.size() != 1 || !messages.get(0).type().equals(wireType)) {
      throw new AssertionError("expected one " + wireType + " but the session got " + messages);
    }
    return Json.decodePayload(messages.get(0), type);
  }
}
