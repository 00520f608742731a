package chatroom.chat.server.process;

import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.StoreException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * What login checks before it does anything costly, so that nobody can use it to probe which ids
 * exist, guess passwords fast, or lock someone else out:
 *
 * <ul>
 *   <li>a budget of login attempts per connection (in memory) and per address (in Redis, shared by
 *       every server node), spent before the user is even looked up; a successful login gives its
 *       attempt back, so a classroom behind one address can still log in;
 *   <li>the {@link LoginThrottle}, which counts attempts per user and address before the hash;
 *   <li>a pause before answering a wrong password, so guesses sent one after another on a
 *       connection cost real time.
 * </ul>
 */
public final class Guard {
  private final LimitStore store;
  private final Clock clock;
  private final Rate logins;
  private final LoginThrottle throttle;
  private final Duration wrongPasswordDelay;

  /**
   * A guard that counts in {@code store} and tells time by {@code clock}.
   *
   * @param logins login attempts allowed per connection and per address
   * @param wrongPasswordDelay how long the answer to a wrong password waits
   */
  public Guard(LimitStore store, Clock clock, Rate logins, Duration wrongPasswordDelay) {
    this.store = store;
    this.clock = clock;
    this.logins = logins;
    this.throttle = new LoginThrottle(store, clock);
    this.wrongPasswordDelay = wrongPasswordDelay;
  }

  /**
   * Spends one login attempt of the session's connection and of its address.
   *
   * @return empty if the login may go ahead; otherwise the error for a 429
   */
  public Optional<String> admitLogin(Session session) throws StoreException {
    if (logins.unlimited()) {
      return Optional.empty();
    }
    Optional<Duration> wait = session.limits().logins().take(clock.instant(), logins);
    if (wait.isEmpty()) {
      wait = store.take(loginsKey(session), clock.millis(), logins.interval(), logins.burst());
    }
    return wait.map(w -> "too many login attempts; try again in " + seconds(w) + " s");
  }

  /**
   * Counts an attempt at {@code userId}'s password from the session's address, before it is
   * checked.
   *
   * @return empty if the password may be checked; otherwise the error for a 429
   */
  public Optional<String> admitGuess(int userId, Session session) throws StoreException {
    return throttle
        .attempt(userId, session.peer())
        .map(wait -> "too many wrong passwords; try again in " + seconds(wait) + " s");
  }

  /**
   * After a right password: forgets the address's wrong guesses for {@code userId} and gives the
   * login attempt back.
   */
  public void loggedIn(int userId, Session session) throws StoreException {
    throttle.succeeded(userId, session.peer());
    if (!logins.unlimited()) {
      store.giveBack(loginsKey(session), clock.millis(), logins.interval());
    }
  }

  /**
   * Waits before a wrong password is answered. The session's connection reads nothing meanwhile, so
   * guesses sent one after another cost a guesser this long each; nobody else waits.
   */
  public void pauseAfterWrongPassword() {
    try {
      Thread.sleep(wrongPasswordDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping: answer at once
    }
  }

  private static String loginsKey(Session session) {
    return "limits:logins:" + addressKey(session.peer());
  }

  /**
   * How limits name an address: an IPv4 address as it is, an IPv6 address by its /64 network,
   * because one customer usually gets a whole /64 and could otherwise switch addresses at will.
   */
  static String addressKey(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return address.getHostAddress();
    }
    Arrays.fill(bytes, 8, bytes.length, (byte) 0);
    try {
      return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
    } catch (UnknownHostException cannotHappen) { // only for a wrong number of bytes
      throw new IllegalStateException(cannotHappen);
    }
  }

  /** A wait in whole seconds, rounded up, at least 1: what a person can act on. */
  static long seconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }
}
