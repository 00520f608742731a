package chatroom.chat.server.process;

import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.StoreException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * What login and registration check before they do anything costly, so that nobody can use them to
 * probe which ids exist, guess passwords fast, lock someone else out, fill Redis with junk users,
 * or take every core with password hashes:
 *
 * <ul>
 *   <li>budgets of login attempts and of registrations, per connection (in memory) and per client
 *       address (in Redis, shared by every server node), spent before anything is looked up; a
 *       successful login gives its attempt back, so a classroom behind one address can still log
 *       in; a connection over its budget is not read until the budget has room again;
 *   <li>the {@link LoginThrottle}, which counts attempts per user and address before the hash;
 *   <li>the {@link HashingQueue}, a fair and bounded line for the hashes themselves;
 *   <li>a pause before answering a wrong password, so guesses sent one after another on a
 *       connection cost real time.
 * </ul>
 */
public final class Guard {
  /** The answer when the hashing queue is full. */
  public static final String BUSY = "the server is busy; try again in a moment";

  /** How often a connection held back checks whether its wait is over, or it was closed. */
  private static final Duration HOLD_BACK_CHECK = Duration.ofMillis(100);

  /**
   * A request over its budget: the error for the 429, and when a request could go ahead.
   *
   * @param error what to tell the client
   * @param retryAt when the budget has room again, on the server's clock
   */
  public record Refusal(String error, Instant retryAt) {}

  /**
   * The numbers a guard works with.
   *
   * @param logins login attempts allowed per connection and per address
   * @param registrations registrations allowed per connection and per address
   * @param wrongPasswordDelay how long the answer to a wrong password waits
   * @param unlimited addresses whose clients skip the budgets and always get a place in the hashing
   *     queue, say a load generator's
   */
  public record Limits(
      Rate logins, Rate registrations, Duration wrongPasswordDelay, Set<InetAddress> unlimited) {
    /** Copies the set. */
    public Limits {
      unlimited = Set.copyOf(unlimited);
    }

    /** No budgets and no pause: for tests of something else. */
    public static Limits none() {
      return new Limits(Rate.UNLIMITED, Rate.UNLIMITED, Duration.ZERO, Set.of());
    }
  }

  private final LimitStore store;
  private final Clock clock;
  private final HashingQueue hashing;
  private final Limits limits;
  private final LoginThrottle throttle;

  /** A guard that counts in {@code store}, tells time by {@code clock} and hashes in line. */
  public Guard(LimitStore store, Clock clock, HashingQueue hashing, Limits limits) {
    this.store = store;
    this.clock = clock;
    this.hashing = hashing;
    this.limits = limits;
    this.throttle = new LoginThrottle(store, clock);
  }

  /**
   * Spends one login attempt of the session's connection and of its address.
   *
   * @return empty if the login may go ahead; otherwise the error for a 429
   */
  public Optional<Refusal> admitLogin(Session session) throws StoreException {
    return spend(
        session, session.limits().logins(), limits.logins(), loginsKey(session), "login attempts");
  }

  /**
   * Spends one registration of the session's connection and of its address.
   *
   * @return empty if the registration may go ahead; otherwise the error for a 429
   */
  public Optional<Refusal> admitRegistration(Session session) throws StoreException {
    String key = "limits:registrations:" + addressKey(session.peer());
    return spend(
        session, session.limits().registrations(), limits.registrations(), key, "registrations");
  }

  /**
   * Reads nothing more from the session's connection until the refusal's time has come, on the
   * server's clock, after its answer has been sent: the way IRC servers slow a flooding client
   * ("fake lag"). A script that ignores "try again in 20 s" and sends on, or pipelines a thousand
   * requests, then gets one answer per wait instead of thousands of cheap refusals a second, and
   * costs the server a sleeping thread.
   */
  public void holdBack(Session session, Refusal refusal) {
    try {
      while (session.isOpen()) {
        Duration left = Duration.between(clock.instant(), refusal.retryAt());
        if (left.isNegative() || left.isZero()) {
          return;
        }
        Thread.sleep(Math.min(left.toMillis(), HOLD_BACK_CHECK.toMillis()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping
    }
  }

  /**
   * Takes a token from the connection's bucket, then from the address's; or refuses, saying how
   * long until there is one ("too many {@code what}; try again in 3 s").
   */
  private Optional<Refusal> spend(
      Session session, TokenBucket mine, Rate rate, String key, String what) throws StoreException {
    if (rate.unlimited() || isUnlimited(session)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<Duration> wait = mine.take(now, rate);
    if (wait.isEmpty()) {
      wait = store.take(key, now.toEpochMilli(), rate.interval(), rate.burst());
    }
    return wait.map(
        w -> new Refusal("too many " + what + "; try again in " + seconds(w) + " s", now.plus(w)));
  }

  /**
   * A place in the line for one password hash, taken before anything else is counted.
   *
   * @return the place, or empty if the server is too busy: answer 503 with {@link #BUSY}
   */
  public Optional<HashingQueue.Place> queueForHash(Session session, HashingQueue.Purpose purpose) {
    return hashing.enter(session.peer(), purpose, !isUnlimited(session));
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
    if (!limits.logins().unlimited() && !isUnlimited(session)) {
      store.giveBack(loginsKey(session), clock.millis(), limits.logins().interval());
    }
  }

  /**
   * Waits before a wrong password is answered. The session's connection reads nothing meanwhile, so
   * guesses sent one after another cost a guesser this long each; nobody else waits.
   */
  public void pauseAfterWrongPassword() {
    try {
      Thread.sleep(limits.wrongPasswordDelay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the server is stopping: answer at once
    }
  }

  private boolean isUnlimited(Session session) {
    return limits.unlimited().contains(session.peer());
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
