package chatroom.chat.server.process;

import chatroom.chat.common.Feature;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Login: checks the password, once the {@link Guard} lets the attempt through, then brings the user
 * online. The caller gets its answer first, then the private messages kept while it was away, and
 * only then do the others hear it came online. A user already online elsewhere is replaced: the old
 * session gets a 409 and is closed.
 */
public final class LoginProcessor implements MessageProcessor<LoginMes> {
  private static final Logger log = LoggerFactory.getLogger(LoginProcessor.class);

  /** How long a replaced session gets to take its 409 before it is simply closed. */
  private static final Duration REPLACE_WAIT = Duration.ofSeconds(2);

  private final UserDao users;
  private final PasswordHasher hasher;
  private final OnlineUsers online;
  private final Mailboxes mailboxes;
  private final Guard guard;
  private final Nodes nodes;

  /**
   * Logs users of {@code users} in, adding them to {@code online}, once {@code guard} lets an
   * attempt through; with no other node.
   */
  public LoginProcessor(
      UserDao users, PasswordHasher hasher, OnlineUsers online, Mailboxes mailboxes, Guard guard) {
    this(users, hasher, online, mailboxes, guard, Nodes.ALONE);
  }

  /** As the other constructor, telling {@code nodes} of every login. */
  public LoginProcessor(
      UserDao users,
      PasswordHasher hasher,
      OnlineUsers online,
      Mailboxes mailboxes,
      Guard guard,
      Nodes nodes) {
    this.users = users;
    this.hasher = hasher;
    this.online = online;
    this.mailboxes = mailboxes;
    this.guard = guard;
    this.nodes = nodes;
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
    if (!RegisterProcessor.isAllowedPassword(request.userPwd())) {
      // No registered password is empty or that long: this is no guess, and costs nothing.
      fail(session, request, ResultCode.INVALID_FIELD, RegisterProcessor.PASSWORD_RULE);
      return;
    }
    Optional<Guard.Refusal> overBudget = guard.admitLogin(session); // before any lookup
    if (overBudget.isPresent()) {
      fail(session, request, ResultCode.TOO_MANY, overBudget.get().error());
      guard.holdBack(session, overBudget.get()); // pipelined attempts gain nothing
      return;
    }
    Optional<StoredUser> user = users.find(request.userId());
    if (user.isEmpty()) {
      String unknown = "user " + request.userId() + " is not registered";
      fail(session, request, ResultCode.NOT_REGISTERED, unknown);
      return;
    }
    Optional<HashingQueue.Place> place = guard.queueForHash(session, HashingQueue.Purpose.LOGIN);
    if (place.isEmpty()) {
      fail(session, request, ResultCode.SERVER_FULL, Guard.BUSY);
      return;
    }
    boolean right;
    try (HashingQueue.Place turn = place.get()) {
      Optional<String> locked = guard.admitGuess(request.userId(), session); // before the hash
      if (locked.isPresent()) {
        fail(session, request, ResultCode.TOO_MANY, locked.get());
        return;
      }
      right = turn.run(() -> hasher.matches(request.userPwd(), user.get().passwordHash()));
    }
    if (!right) {
      log.info("{} gave a wrong password for user {}", session.address(), request.userId());
      guard.pauseAfterWrongPassword();
      fail(session, request, ResultCode.WRONG_PASSWORD, "wrong password");
      return;
    }
    guard.loggedIn(request.userId(), session);
    Set<Feature> features =
        request.declaresFeatures()
            ? Feature.parse(request.features())
            : EnumSet.noneOf(Feature.class); // a Go tutorial client
    Nodes.Claim claim = nodes.claim(request.userId()); // known on every node from here on
    session.numberLogin(claim.login());
    OnlineUsers.Joined joined = bringOnline(session, user.get(), features);
    log.info(
        "{} logged in as user {}{}",
        session.address(),
        session.userId(),
        request.declaresFeatures() ? "" : ", with a Go tutorial client");
    if (joined.replaced() != null) {
      replace(joined.replaced());
    }
    if (!joined.wasOnline()) { // otherwise the user never went offline: nothing to tell anyone
      online.announce(session, NotifyUserStatusMes.ONLINE, joined.room());
    }
    nodes.joined(session, claim);
    mailboxes.handOver(session, joined.replaced());
  }

  /**
   * What must happen under the user's mailbox lock, in this order: mark the session as waiting for
   * its mail, join the online users (replacing an older session of the same user), answer. From the
   * moment it joins, private messages for it are kept until its mail is handed over, so they come
   * in order; and because the session joins before its answer is written, nobody who logs in after
   * that answer can be missed.
   *
   * <p>Joining first means others may send to the session before its answer is even made. Its
   * writes are held meanwhile, and the answer goes in front of whatever arrived: the client always
   * reads its {@code LoginResMes} first. Nothing here waits for any client.
   */
  private OnlineUsers.Joined bringOnline(Session session, StoredUser user, Set<Feature> features) {
    Lock lock = mailboxes.lockFor(user.userId());
    lock.lock();
    try {
      session.loggedIn(user.userId(), user.userName(), features);
      session.orderDropsBy(lock);
      session.startHandOver();
      session.holdWrites();
      OnlineUsers.Joined joined = online.put(session);
      byte[] answer = answerFrame(session, features);
      session.sendFirstAndRelease(List.of(new Outgoing(answer, null)));
      return joined;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The login answer. A tutorial client reads it into 8 096 bytes: with a presence limit raised far
   * above the default, the list is cut (the caller kept) until it fits.
   */
  private byte[] answerFrame(Session session, Set<Feature> features) {
    int userId = session.userId();
    List<Integer> ids = new ArrayList<>(online.forLoginAnswer(session));
    while (true) {
      LoginResMes answer =
          new LoginResMes(
              ResultCode.OK.code(),
              ids,
              "",
              online.count(),
              online.presenceLimit(),
              Feature.names(Feature.all()));
      byte[] frame = Transfer.frame(MessageType.LOGIN_RES_MES, answer);
      boolean fits = frame.length - 4 <= Protocol.TUTORIAL_FRAME_BYTES;
      if (fits || features.contains(Feature.LARGE_FRAMES) || ids.size() <= 1) {
        return frame;
      }
      ids.remove(ids.get(ids.size() - 1).equals(userId) ? ids.size() - 2 : ids.size() - 1);
    }
  }

  /**
   * Ends an older session of the user logging in: it is told why and closed once that is written,
   * or simply closed if it does not take it in time. Nobody waits for it meanwhile.
   */
  private void replace(Session older) {
    older.endedBecause("replaced by a new login");
    older.closeWith(ResultCode.SESSION_REPLACED, "you logged in from somewhere else");
    older.closeWithin(REPLACE_WAIT);
  }

  @Override
  public void fail(Session session, LoginMes request, ResultCode code, String error) {
    session.send(MessageType.LOGIN_RES_MES, new LoginResMes(code.code(), List.of(), error));
  }
}
