package chatroom.chat.server.process;

import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.StoreException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing. Attempts to log in as one user from one address are counted
 * <em>before</em> the password is checked, so parallel guesses cannot all slip through while the
 * first are still being hashed. The {@link #FREE_ATTEMPTS}th attempt, if wrong, locks that address
 * out of that user for 30 seconds; every attempt after a lock doubles it, up to 15 minutes.
 * Attempts refused during a lock are not counted, so a burst cannot lengthen it. A right password
 * starts over.
 *
 * <p>Counting per user <em>and address</em> means a guesser locks out only itself: the owner,
 * elsewhere, logs in as usual, so nobody can lock you out just by knowing your id (OWASP's advice
 * against lockouts anyone can trigger). Guessing from many addresses is held back by the slow hash
 * and by the wait after each wrong password. The counts live in Redis, shared by every server node,
 * and are forgotten an hour after the last lock ends.
 */
public final class LoginThrottle {
  public static final int FREE_ATTEMPTS = 5;
  public static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  public static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
  public static final Duration FORGET_AFTER = Duration.ofHours(1);

  private final LimitStore store;
  private final Clock clock;

  /** A throttle that counts in {@code store} and tells time by {@code clock}. */
  public LoginThrottle(LimitStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Counts an attempt to log in as {@code userId} from {@code address}, before its password is
   * checked.
   *
   * @return empty if the password may be checked; otherwise how long the address must still wait
   */
  public Optional<Duration> attempt(int userId, InetAddress address) throws StoreException {
    return store.countAttempt(
        key(userId, address),
        clock.millis(),
        FREE_ATTEMPTS,
        FIRST_WAIT,
        LONGEST_WAIT,
        FORGET_AFTER);
  }

  /** Forgets the attempts for {@code userId} from {@code address}, after a right password. */
  public void succeeded(int userId, InetAddress address) throws StoreException {
    store.forget(key(userId, address));
  }

  /** The Redis key that counts attempts for one user from one address (or IPv6 network). */
  static String key(int userId, InetAddress address) {
    return "limits:login-attempts:" + userId + ":" + Guard.addressKey(address);
  }
}
