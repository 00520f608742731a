package chatroom.chat.server.cluster;

import chatroom.chat.server.model.StoreException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Which chat server (node) each user is online on, and which nodes are alive, kept in Redis with
 * expiry times that the nodes keep pushing back: a node that dies stops pushing, and what it held
 * expires by itself, even if no other node is left to clean up after it.
 *
 * <ul>
 *   <li>{@code chat:nodes}: the set of node names that have started;
 *   <li>{@code chat:node:{<name>}}: a node's heartbeat, which expires 6 s after its last beat;
 *   <li>{@code chat:node:{<name>}:users}: the users online on that node, each with its login's
 *       number, for a node that (re)starts listening and must learn who is where;
 *   <li>{@code chat:presence:{<userId>}}: the node a user is online on and its login's number,
 *       expiring 30 s after the node last confirmed it.
 * </ul>
 *
 * <p>Every command and script touches one key, or two whose names share the part in braces, so the
 * same code runs on Redis Cluster, where each key lives in a slot of its own.
 */
final class NodeDirectory {
  static final String NODES = "chat:nodes";

  /** How long a heartbeat lasts: six beats, so a few late beats are not a death. */
  static final Duration HEARTBEAT_LIFE = Duration.ofSeconds(6);

  /** How long a user's presence lasts without being confirmed by its node. */
  static final Duration PRESENCE_LIFE = Duration.ofSeconds(30);

  /**
   * Makes this node the one {@code userId} is online on and numbers the login: a number from Redis'
   * clock, larger than any earlier login of the user, even one whose key has expired. Returns the
   * node the user was online on before (or "") and the login's number.
   */
  private static final String CLAIM =
      "local t = redis.call('TIME') "
          + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
          + "local last = tonumber(redis.call('HGET', KEYS[1], 'login') or '0') "
          + "local login = string.format('%.0f', math.max(now, last + 1)) "
          + "local previous = redis.call('HGET', KEYS[1], 'node') or '' "
          + "redis.call('HSET', KEYS[1], 'node', ARGV[1], 'login', login) "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
          + "return {previous, login}";

  /**
   * Pushes back the expiry of a user's presence if this login still holds it; puts it back if it
   * expired (say, while Redis was away). Returns 0 if it held, 1 if it was put back, -1 if a later
   * login holds it now.
   */
  private static final String CONFIRM =
      "local node = redis.call('HGET', KEYS[1], 'node') "
          + "if not node then "
          + "redis.call('HSET', KEYS[1], 'node', ARGV[1], 'login', ARGV[2]) "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 1 end "
          + "if node == ARGV[1] and redis.call('HGET', KEYS[1], 'login') == ARGV[2] then "
          + "redis.call('PEXPIRE', KEYS[1], ARGV[3]) return 0 end "
          + "return -1";

  /**
   * Deletes a user's presence if it is still this login's (ARGV[2]) on this node; or any login if
   * ARGV[2] is "".
   */
  private static final String RELEASE =
      "if redis.call('HGET', KEYS[1], 'node') == ARGV[1] "
          + "and (ARGV[2] == '' or redis.call('HGET', KEYS[1], 'login') == ARGV[2]) then "
          + "return redis.call('DEL', KEYS[1]) end return 0";

  private final UnifiedJedis redis;

  NodeDirectory(UnifiedJedis redis) {
    this.redis = redis;
  }

  static String heartbeatKey(String node) {
    return "chat:node:{" + node + "}";
  }

  static String usersKey(String node) {
    return heartbeatKey(node) + ":users";
  }

  static String presenceKey(int userId) {
    return "chat:presence:{" + userId + "}";
  }

  /** A node's claim on a user's presence: the node before it ("" if none) and the login number. */
  record Claimed(String previous, long login) {}

  Claimed claim(int userId, String node) throws StoreException {
    try {
      @SuppressWarnings("unchecked")
      List<Object> answer =
          (List<Object>)
              redis.eval(
                  CLAIM,
                  List.of(presenceKey(userId)),
                  List.of(node, String.valueOf(PRESENCE_LIFE.toMillis())));
      return new Claimed((String) answer.get(0), Long.parseLong((String) answer.get(1)));
    } catch (JedisException e) {
      throw new StoreException("numbering a login of " + userId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Confirms that {@code node} still holds {@code userId}'s login {@code login}.
   *
   * @return 0 held, 1 put back after it had expired, -1 a later login holds it now
   */
  long confirm(int userId, String node, long login) {
    Object answer =
        redis.eval(
            CONFIRM,
            List.of(presenceKey(userId)),
            List.of(node, String.valueOf(login), String.valueOf(PRESENCE_LIFE.toMillis())));
    return ((Number) answer).longValue();
  }

  /** Forgets a user's presence if {@code node} holds it with {@code login} (any, if null). */
  void release(int userId, String node, Long login) {
    redis.eval(
        RELEASE,
        List.of(presenceKey(userId)),
        List.of(node, login == null ? "" : String.valueOf(login)));
  }

  /** The node a user is online on, if any. */
  Optional<String> whereIs(int userId) throws StoreException {
    try {
      String node = redis.hget(presenceKey(userId), "node");
      return node == null || node.isEmpty() ? Optional.empty() : Optional.of(node);
    } catch (JedisException e) {
      throw new StoreException("looking up user " + userId + " failed: " + e.getMessage(), e);
    }
  }

  /** Records that {@code userId} is online on {@code node} with {@code login}. */
  void listUser(String node, int userId, long login) {
    redis.hset(usersKey(node), String.valueOf(userId), String.valueOf(login));
  }

  /** Records that {@code userId} is no longer online on {@code node}. */
  void unlistUser(String node, int userId) {
    redis.hdel(usersKey(node), String.valueOf(userId));
  }

  /** The users online on {@code node}, with their logins' numbers. */
  Map<Integer, Long> usersOn(String node) {
    Map<Integer, Long> users = new HashMap<>();
    redis
        .hgetAll(usersKey(node))
        .forEach((id, login) -> users.put(Integer.valueOf(id), Long.valueOf(login)));
    return users;
  }

  /** Beats {@code node}'s heart once: it counts as alive for {@link #HEARTBEAT_LIFE}. */
  void beat(String node, String description) {
    redis.set(heartbeatKey(node), description, SetParams.setParams().px(HEARTBEAT_LIFE.toMillis()));
    redis.sadd(NODES, node);
    // Its list of users outlives a few missed beats, so that a node back after a Redis outage
    // still has it; one that is gone for good leaves nothing behind.
    redis.pexpire(usersKey(node), PRESENCE_LIFE.multipliedBy(2).toMillis());
  }

  /** True while {@code node}'s heartbeat has not expired. */
  boolean alive(String node) {
    return redis.exists(heartbeatKey(node));
  }

  /** Every node that has started and not been cleared away. */
  Set<String> nodes() {
    return redis.smembers(NODES);
  }

  /**
   * Clears away what a dead node left behind, if this caller is the first to try: every presence it
   * still held (a user who has logged in elsewhere since keeps theirs), its list of users, and its
   * name.
   *
   * @return true if this caller did it
   */
  boolean clearAway(String dead, String by) {
    String won =
        redis.set(
            "chat:clear:{" + dead + "}",
            by,
            SetParams.setParams().nx().px(Duration.ofMinutes(1).toMillis()));
    if (won == null) {
      return false;
    }
    for (String user : redis.hkeys(usersKey(dead))) {
      release(Integer.parseInt(user), dead, null);
    }
    redis.del(usersKey(dead));
    redis.srem(NODES, dead);
    return true;
  }
}
