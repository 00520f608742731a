package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.OnlineUsersMes;
import chatroom.chat.common.OnlineUsersResMes;

/** Answers "who is online?" with the current list. */
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
    session.send(MessageType.ONLINE_USERS_RES_MES, new OnlineUsersResMes(online.ids()));
  }
}
