package chatroom.chat.server.process;

import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.User;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.support.LogText;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration: checks the fields, spends one of the {@link Guard}'s registrations, hashes the
 * password and stores the user if the id is free.
 */
public final class RegisterProcessor implements MessageProcessor<RegisterMes> {
  public static final int MAX_PASSWORD_CHARS = 64;
  public static final int MAX_NAME_CHARS = 32;

  /** The password rule, in the words a person reads; login holds passwords to it too. */
  public static final String PASSWORD_RULE =
      "the password must be 1 to " + MAX_PASSWORD_CHARS + " characters";

  private static final Logger log = LoggerFactory.getLogger(RegisterProcessor.class);

  private final UserDao users;
  private final PasswordHasher hasher;
  private final Guard guard;

  /**
   * Registers users into {@code users}, hashing passwords with {@code hasher}, as far as {@code
   * guard} allows.
   */
  public RegisterProcessor(UserDao users, PasswordHasher hasher, Guard guard) {
    this.users = users;
    this.hasher = hasher;
    this.guard = guard;
  }

  @Override
  public Class<RegisterMes> requestType() {
    return RegisterMes.class;
  }

  @Override
  public void process(Session session, RegisterMes request) throws StoreException {
    User user = request.user();
    Optional<String> invalid = invalidField(user);
    if (invalid.isPresent()) {
      fail(session, request, ResultCode.INVALID_FIELD, invalid.get());
      return;
    }
    Optional<Guard.Refusal> overBudget = guard.admitRegistration(session); // before any lookup
    if (overBudget.isPresent()) {
      fail(session, request, ResultCode.TOO_MANY, overBudget.get().error());
      guard.holdBack(session, overBudget.get()); // a looping script gains nothing
      return;
    }
    // The hash is slow on purpose; skip it when the id is plainly taken.
    if (users.exists(user.userId())) {
      fail(session, request, ResultCode.BAD_REQUEST, "user id " + user.userId() + " is taken");
      return;
    }
    Optional<HashingQueue.Place> place =
        guard.queueForHash(session, HashingQueue.Purpose.REGISTRATION);
    if (place.isEmpty()) {
      fail(session, request, ResultCode.SERVER_FULL, Guard.BUSY);
      return;
    }
    String hash;
    try (HashingQueue.Place turn = place.get()) {
      hash = turn.run(() -> hasher.hash(user.userPwd()));
    }
    StoredUser stored = new StoredUser(user.userId(), user.userName().strip(), hash);
    if (!users.create(stored)) { // another registration took the id since the check above
      fail(session, request, ResultCode.BAD_REQUEST, "user id " + user.userId() + " is taken");
      return;
    }
    String name = LogText.of(stored.userName()); // printable, however odd the name
    log.info("{} registered user {} ({})", session.address(), stored.userId(), name);
    session.send(MessageType.REGISTER_RES_MES, RegisterResMes.of(ResultCode.OK, ""));
  }

  /** Why a new user's fields are not acceptable, or empty if they are. */
  static Optional<String> invalidField(User user) {
    if (user.userId() <= 0) {
      return Optional.of("the user id must be a positive number");
    }
    if (!isAllowedPassword(user.userPwd())) {
      return Optional.of(PASSWORD_RULE);
    }
    String name = user.userName().strip();
    int nameLength = name.codePointCount(0, name.length());
    if (nameLength < 1 || nameLength > MAX_NAME_CHARS) {
      return Optional.of("the name must be 1 to " + MAX_NAME_CHARS + " characters");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      // Names are printed on other people's terminals: no escape sequences, no line breaks.
      return Optional.of("the name must not contain control characters");
    }
    return Optional.empty();
  }

  /** True if {@code password} is 1 to {@link #MAX_PASSWORD_CHARS} characters long. */
  static boolean isAllowedPassword(String password) {
    int length = password.codePointCount(0, password.length());
    return length >= 1 && length <= MAX_PASSWORD_CHARS;
  }

  @Override
  public void fail(Session session, RegisterMes request, ResultCode code, String error) {
    session.send(MessageType.REGISTER_RES_MES, RegisterResMes.of(code, error));
  }
}
