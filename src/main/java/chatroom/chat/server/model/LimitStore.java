package chatroom.chat.server.model;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Counters for the server's limits, kept in Redis so that every server node sharing that Redis
 * counts the same attempts: a guesser gains nothing by spreading over several nodes.
 *
 * <p>Each operation is one small Lua script on <em>one</em> key, so it runs atomically (two nodes
 * cannot both take the last token) and works on Redis Cluster, where a script may only touch keys
 * of one slot. Every key expires once it holds nothing worth keeping, so the counters never grow
 * without bound. Times are the caller's clock in milliseconds: the server's clock, which tests move
 * by hand.
 */
public final class LimitStore {
  /**
   * A token bucket as one number, the moment it will be full again (see {@code TokenBucket}). ARGV:
   * now, interval, burst. Returns 0 if a token was taken, else the milliseconds to wait.
   */
  private static final String TAKE =
      """
      local now, interval, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local full = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now)
      local over = full + interval - now - interval * burst
      if over > 0 then return over end
      redis.call('SET', KEYS[1], full + interval, 'PX', full + interval - now)
      return 0
      """;

  /** Gives one token back. ARGV: now, interval. */
  private static final String GIVE_BACK =
      """
      local now, interval = tonumber(ARGV[1]), tonumber(ARGV[2])
      local full = tonumber(redis.call('GET', KEYS[1]) or '0') - interval
      if full > now then
        redis.call('SET', KEYS[1], full, 'PX', full - now)
      else
        redis.call('DEL', KEYS[1])
      end
      return 0
      """;

  /**
   * Counts one attempt, unless a lock is on: then returns the milliseconds left. From the {@code
   * free}-th attempt on, each attempt locks for {@code first} milliseconds, doubled for each
   * attempt past {@code free}, at most {@code longest}. The count is kept {@code keep} milliseconds
   * past the lock. ARGV: now, free, first, longest, keep. Returns 0 if the attempt may go ahead.
   */
  private static final String COUNT_ATTEMPT =
      """
      local now, free = tonumber(ARGV[1]), tonumber(ARGV[2])
      local state = redis.call('HMGET', KEYS[1], 'count', 'until')
      local locked = tonumber(state[2]) or 0
      if locked > now then return locked - now end
      local count = (tonumber(state[1]) or 0) + 1
      local lock = 0
      if count >= free then
        lock = math.min(tonumber(ARGV[3]) * 2 ^ math.min(count - free, 30), tonumber(ARGV[4]))
      end
      redis.call('HSET', KEYS[1], 'count', count, 'until', now + lock)
      redis.call('PEXPIRE', KEYS[1], lock + tonumber(ARGV[5]))
      return 0
      """;

  private final UnifiedJedis redis;

  /** Counters in the Redis that {@code redis} talks to. */
  public LimitStore(UnifiedJedis redis) {
    this.redis = redis;
  }

  /**
   * Takes one token from the bucket at {@code key}, which gets one back every {@code interval} and
   * holds at most {@code burst}.
   *
   * @return empty if there was a token; otherwise how long until one comes back
   */
  public Optional<Duration> take(String key, long nowMillis, Duration interval, int burst)
      throws StoreException {
    return waitOf(run(TAKE, key, nowMillis, interval.toMillis(), burst));
  }

  /** Puts back a token taken from the bucket at {@code key} for something that cost nothing. */
  public void giveBack(String key, long nowMillis, Duration interval) throws StoreException {
    run(GIVE_BACK, key, nowMillis, interval.toMillis());
  }

  /**
   * Counts an attempt at {@code key} unless a lock is on: from the {@code free}-th attempt on, each
   * one locks for {@code firstLock}, doubled for every attempt past {@code free}, at most {@code
   * longestLock}; a refused attempt is not counted. The count is forgotten {@code keep} after the
   * last lock ends.
   *
   * @return empty if the attempt may go ahead; otherwise how long the lock still holds
   */
  public Optional<Duration> countAttempt(
      String key, long nowMillis, int free, Duration firstLock, Duration longestLock, Duration keep)
      throws StoreException {
    return waitOf(
        run(
            COUNT_ATTEMPT,
            key,
            nowMillis,
            free,
            firstLock.toMillis(),
            longestLock.toMillis(),
            keep.toMillis()));
  }

  /** Forgets the attempts counted at {@code key}. */
  public void forget(String key) throws StoreException {
    try {
      redis.del(key);
    } catch (JedisException e) {
      throw new StoreException("clearing " + key + " failed: " + e.getMessage(), e);
    }
  }

  private long run(String script, String key, long... args) throws StoreException {
    List<String> argv = Arrays.stream(args).mapToObj(String::valueOf).toList();
    try {
      return (Long) redis.eval(script, List.of(key), argv);
    } catch (JedisException e) {
      throw new StoreException("updating " + key + " failed: " + e.getMessage(), e);
    }
  }

  private static Optional<Duration> waitOf(long millis) {
    return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
  }
}
