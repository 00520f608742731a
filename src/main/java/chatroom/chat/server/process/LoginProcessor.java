package chatroom.chat.server.process;

import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Login: looks the user up, checks the password against its hash, marks the session online. */
public final class LoginProcessor implements MessageProcessor<LoginMes> {
  private static final Logger log = LoggerFactory.getLogger(LoginProcessor.class);

  private final UserDao users;
  private final PasswordHasher hasher;
  private final OnlineUsers online;

  /** Logs users of {@code users} in, adding them to {@code online}. */
  public LoginProcessor(UserDao users, PasswordHasher hasher, OnlineUsers online) {
    this.users = users;
    this.hasher = hasher;
    this.online = online;
  }

  @Override
  public Class<LoginMes> requestType() {
    return LoginMes.class;
  }

  @Override
  public void process(Session session, LoginMes request) throws IOException, StoreException {
    if (session.isLoggedIn()) {
      fail(session, request, ResultCode.BAD_REQUEST, "already logged in as " + session.userId());
      return;
    }
    Optional<StoredUser> user = users.find(request.userId());
    if (user.isEmpty()) {
      String unknown = "user " + request.userId() + " is not registered";
      fail(session, request, ResultCode.NOT_REGISTERED, unknown);
      return;
    }
    if (!hasher.matches(request.userPwd(), user.get().passwordHash())) {
      log.info("{} gave a wrong password for user {}", session.address(), request.userId());
      fail(session, request, ResultCode.WRONG_PASSWORD, "wrong password");
      return;
    }
    session.loggedIn(user.get().userId(), user.get().userName());
    online.add(session);
    log.info("{} logged in as user {}", session.address(), session.userId());
    session.send(
        MessageType.LOGIN_RES_MES, new LoginResMes(ResultCode.OK.code(), online.ids(), ""));
  }

  @Override
  public void fail(Session session, LoginMes request, ResultCode code, String error)
      throws IOException {
    session.send(MessageType.LOGIN_RES_MES, new LoginResMes(code.code(), List.of(), error));
  }
}
