package chatroom.chat.server.process;

import chatroom.chat.common.FindUserMes;
import chatroom.chat.common.FindUserResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import java.util.Optional;

/**
 * Answers "who is user N, and are they online?", so a client can check a private-chat partner when
 * it is chosen: 200 with the name, or 404 if nobody has that id.
 */
public final class FindUserProcessor implements MessageProcessor<FindUserMes> {
  private final UserDao users;
  private final OnlineUsers online;

  /** Looks users up in {@code users}, and whether they are online in {@code online}. */
  public FindUserProcessor(UserDao users, OnlineUsers online) {
    this.users = users;
    this.online = online;
  }

  @Override
  public Class<FindUserMes> requestType() {
    return FindUserMes.class;
  }

  @Override
  public void process(Session session, FindUserMes request) throws StoreException {
    Optional<StoredUser> user = users.find(request.userId());
    if (user.isEmpty()) {
      fail(session, request, ResultCode.NO_SUCH_USER, "nobody has the id " + request.userId());
      return;
    }
    boolean isOnline = online.contains(request.userId());
    session.send(
        MessageType.FIND_USER_RES_MES,
        new FindUserResMes(
            ResultCode.OK.code(), "", request.userId(), user.get().userName(), isOnline));
  }

  @Override
  public void fail(Session session, FindUserMes request, ResultCode code, String error) {
    session.send(
        MessageType.FIND_USER_RES_MES,
        new FindUserResMes(code.code(), error, request.userId(), "", false));
  }
}
