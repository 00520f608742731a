package chatroom.chat.server.process;

import chatroom.chat.common.Feature;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao.Waiting;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login: checks the password, then brings the user online. The caller gets its answer first, then
 * the private messages kept while it was away, and only then do the others hear it came online. A
 * user already online elsewhere is replaced: the old session gets a 409 and is closed.
 */
public final class LoginProcessor implements MessageProcessor<LoginMes> {
  private static final Logger log = LoggerFactory.getLogger(LoginProcessor.class);

  /** How long a replaced session gets to receive its 409 before it is simply closed. */
  private static final Duration REPLACE_WAIT = Duration.ofSeconds(2);

  private final UserDao users;
  private final PasswordHasher hasher;
  private final OnlineUsers online;
  private final Mailboxes mailboxes;
  private final LoginThrottle throttle;

  /** Logs users of {@code users} in, adding them to {@code online}. */
  public LoginProcessor(
      UserDao users,
      PasswordHasher hasher,
      OnlineUsers online,
      Mailboxes mailboxes,
      LoginThrottle throttle) {
    this.users = users;
    this.hasher = hasher;
    this.online = online;
    this.mailboxes = mailboxes;
    this.throttle = throttle;
  }

  @Override
  public Class<LoginMes> requestType() {
    return LoginMes.class;
  }

  @Override
  public void process(Session session, LoginMes request) throws StoreException {
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
    Optional<Duration> wait = throttle.waitFor(request.userId());
    if (wait.isPresent()) { // refused before the costly hash: guessing gains nothing here
      long seconds = Math.max(1, wait.get().toSeconds());
      String error = "too many wrong passwords; try again in " + seconds + " s";
      fail(session, request, ResultCode.TOO_MANY, error);
      return;
    }
    if (!hasher.matches(request.userPwd(), user.get().passwordHash())) {
      log.info("{} gave a wrong password for user {}", session.address(), request.userId());
      throttle.failed(request.userId());
      fail(session, request, ResultCode.WRONG_PASSWORD, "wrong password");
      return;
    }
    throttle.succeeded(request.userId());
    int room = bringOnline(session, user.get());
    log.info("{} logged in as user {}", session.address(), session.userId());
    if (room > 0) { // after a replacement the user never went offline: nothing to tell
      online.announce(session, NotifyUserStatusMes.ONLINE, room);
    }
  }

  /**
   * Everything that must happen under the user's mailbox lock, in this order: end an older session
   * of the same user, read the waiting messages, join the online users, answer. So no private
   * message can be kept for later after the list was read; and because the session joins before its
   * answer is written, nobody who logs in after that answer can be missed.
   *
   * <p>Joining first means others may send to the session before its answer is even made. Its
   * writes are held meanwhile, and the answer and the waiting messages go in front of whatever
   * arrived: the client always reads its {@code LoginResMes} first.
   *
   * @return how many were online once the session joined, itself included; 0 if the user was online
   *     elsewhere and that session was replaced
   */
  private int bringOnline(Session session, StoredUser user) throws StoreException {
    Lock lock = mailboxes.lockFor(user.userId());
    lock.lock();
    try {
      Optional<Session> older = online.get(user.userId());
      older.ifPresent(this::replace);
      List<Waiting> waiting = mailboxes.waiting(user.userId());
      session.loggedIn(user.userId(), user.userName());
      session.holdWrites();
      int room = online.put(session);
      LoginResMes answer =
          new LoginResMes(
              ResultCode.OK.code(),
              online.forLoginAnswer(user.userId()),
              "",
              online.count(),
              online.presenceLimit(),
              Feature.names(Feature.all()));
      List<Outgoing> first = new ArrayList<>();
      first.add(new Outgoing(Transfer.frame(MessageType.LOGIN_RES_MES, answer), null));
      first.addAll(mailboxes.handOver(session, waiting));
      session.sendFirstAndRelease(first);
      return older.isPresent() ? 0 : room;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends an older session of the user logging in: off the list first, quietly, so that its end is
   * not announced as the user going offline; then told why and closed (simply closed if it does not
   * take the message in time).
   */
  private void replace(Session older) {
    online.remove(older);
    older.closeWith(ResultCode.SESSION_REPLACED, "you logged in from somewhere else");
    if (!older.awaitClosed(REPLACE_WAIT)) {
      older.close();
    }
  }

  @Override
  public void fail(Session session, LoginMes request, ResultCode code, String error) {
    session.send(MessageType.LOGIN_RES_MES, new LoginResMes(code.code(), List.of(), error));
  }
}
