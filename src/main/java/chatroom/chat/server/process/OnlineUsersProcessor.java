package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.OnlineUsersMes;
import chatroom.chat.common.OnlineUsersResMes;
import java.util.List;

/**
 * Answers "who is online?" with the current list, a page at a time so that no answer outgrows a
 * frame, however many are online.
 */
public final class OnlineUsersProcessor implements MessageProcessor<OnlineUsersMes> {
  private final OnlineUsers online;

  /** Reports the users in {@code online}. */
  public OnlineUsersProcessor(OnlineUsers online) {
    this.online = online;
  }

  @Override
  public Class<OnlineUsersMes> requestType() {
    return OnlineUsersMes.class;
  }

  @Override
  public void process(Session session, OnlineUsersMes request) {
    List<Integer> page = online.page(request.after());
    boolean more = !page.isEmpty() && online.anyAfter(page.get(page.size() - 1));
    session.send(MessageType.ONLINE_USERS_RES_MES, new OnlineUsersResMes(page, more));
  }
}
