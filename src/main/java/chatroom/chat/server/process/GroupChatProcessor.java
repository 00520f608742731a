package chatroom.chat.server.process;

import chatroom.chat.common.ChatText;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.SmsMes;
import chatroom.chat.common.Transfer;
import java.util.Arrays;
import java.util.Optional;

/**
 * Group chat: a {@code SmsMes} goes to every other user online at that moment.
 *
 * <p>The sender's id and name are taken from the session, never from the message: in the Go
 * tutorial a client can claim to be anyone. The frame is encoded once and the same bytes are queued
 * for every receiver. There is no answer, as in the tutorial.
 */
public final class GroupChatProcessor implements MessageProcessor<SmsMes> {
  private final OnlineUsers online;
  private final Nodes nodes;

  /** Broadcasts to the users in {@code online}, and no other node. */
  public GroupChatProcessor(OnlineUsers online) {
    this(online, Nodes.ALONE);
  }

  /** Broadcasts to the users in {@code online}, and through {@code nodes} to every other node. */
  public GroupChatProcessor(OnlineUsers online, Nodes nodes) {
    this.online = online;
    this.nodes = nodes;
  }

  @Override
  public Class<SmsMes> requestType() {
    return SmsMes.class;
  }

  @Override
  public void process(Session session, SmsMes request) {
    Optional<String> problem = ChatText.problem(request.content());
    if (problem.isPresent()) {
      fail(session, request, ResultCode.BAD_REQUEST, problem.get());
      return;
    }
    SmsMes stamped = new SmsMes(request.content(), session.userId(), "", session.userName());
    byte[] frame = Transfer.frame(MessageType.SMS_MES, stamped);
    nodes.tellOthers(Arrays.copyOfRange(frame, 4, frame.length)); // the envelope alone
    online.broadcast(frame, session);
  }
}
