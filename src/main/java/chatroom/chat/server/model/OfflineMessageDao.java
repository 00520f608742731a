package chatroom.chat.server.model;

import chatroom.chat.common.Json;
import chatroom.chat.common.PrivateSmsMes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Private messages kept for users who are offline: one Redis list per recipient, {@code
 * offline:<userId>}, oldest first, each entry a {@link StoredMessage} as JSON.
 */
public final class OfflineMessageDao {
  private static final Logger log = LoggerFactory.getLogger(OfflineMessageDao.class);

  /**
   * Appends only if the list is shorter than the limit, in one step inside Redis (a Lua script runs
   * without any other command in between), so the limit holds under any concurrency.
   */
  private static final String PUSH_IF_ROOM =
      "if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end "
          + "return redis.call('RPUSH', KEYS[1], ARGV[1])";

  /**
   * A message as kept: with an id of its own, so removing it after delivery removes exactly this
   * entry even when the same text was sent twice.
   *
   * @param id a random identifier
   * @param message the message as the recipient will get it
   */
  public record StoredMessage(String id, PrivateSmsMes message) {}

  /**
   * A message waiting in a list, with the exact text stored, which {@link #remove} needs.
   *
   * @param stored the text in Redis
   * @param message the message it holds
   */
  public record Waiting(String stored, PrivateSmsMes message) {}

  private final UnifiedJedis redis;

  /** Offline messages kept in the Redis that {@code redis} talks to. */
  public OfflineMessageDao(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** The Redis key of a user's offline messages. */
  public static String key(int userId) {
    return "offline:" + userId;
  }

  /**
   * Keeps a message for {@code userId}, unless {@code limit} messages already wait.
   *
   * @return false if the list was full and nothing was stored
   */
  public boolean store(int userId, PrivateSmsMes message, int limit) throws StoreException {
    String entry = Json.write(new StoredMessage(UUID.randomUUID().toString(), message));
    try {
      Object length =
          redis.eval(PUSH_IF_ROOM, List.of(key(userId)), List.of(entry, String.valueOf(limit)));
      return ((Number) length).longValue() > 0;
    } catch (JedisException e) {
      throw new StoreException("keeping a message for " + userId + " failed: " + e.getMessage(), e);
    }
  }

  /** Every message waiting for {@code userId}, oldest first. Nothing is removed. */
  public List<Waiting> waiting(int userId) throws StoreException {
    List<String> entries;
    try {
      entries = redis.lrange(key(userId), 0, -1);
    } catch (JedisException e) {
      throw new StoreException("reading messages for " + userId + " failed: " + e.getMessage(), e);
    }
    List<Waiting> waiting = new ArrayList<>();
    for (String entry : entries) {
      try {
        waiting.add(new Waiting(entry, Json.read(entry, StoredMessage.class).message()));
      } catch (IOException e) {
        log.error("skipping an unreadable message for user {}: {}", userId, e.getMessage());
      }
    }
    return waiting;
  }

  /** Removes one delivered message; nothing happens if it is already gone. */
  public void remove(int userId, Waiting delivered) throws StoreException {
    try {
      redis.lrem(key(userId), 1, delivered.stored());
    } catch (JedisException e) {
      throw new StoreException("removing a delivered message failed: " + e.getMessage(), e);
    }
  }

  /** How many messages wait for {@code userId}. */
  public long count(int userId) throws StoreException {
    try {
      return redis.llen(key(userId));
    } catch (JedisException e) {
      throw new StoreException("counting messages for " + userId + " failed: " + e.getMessage(), e);
    }
  }
}
