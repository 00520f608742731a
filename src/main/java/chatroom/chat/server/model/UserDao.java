package chatroom.chat.server.model;

import chatroom.chat.common.Json;
import java.io.IOException;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Users in Redis: the hash {@code users}, one field per user id, its value the user as JSON.
 *
 * <p>The Go tutorial's {@code UserDao}. Every Redis failure becomes a {@link StoreException}, so
 * callers answer 505 instead of crashing. The client it is given pools its connections, so many
 * sessions can use one {@code UserDao} at once.
 */
public final class UserDao {
  /** The Redis hash that holds every user. */
  public static final String USERS_KEY = "users";

  private final UnifiedJedis redis;

  /** Users kept in the Redis that {@code redis} talks to. */
  public UserDao(UnifiedJedis redis) {
    this.redis = redis;
  }

  /** The user with this id, or empty if nobody registered it. */
  public Optional<StoredUser> find(int userId) throws StoreException {
    String json;
    try {
      json = redis.hget(USERS_KEY, String.valueOf(userId));
    } catch (JedisException e) {
      throw new StoreException("reading user " + userId + " failed: " + e.getMessage(), e);
    }
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.read(json, StoredUser.class));
    } catch (IOException e) {
      throw new StoreException("user " + userId + " is stored in a form we cannot read", e);
    }
  }

  /** True if this user id is taken; a cheap check before the costly password hash. */
  public boolean exists(int userId) throws StoreException {
    try {
      return redis.hexists(USERS_KEY, String.valueOf(userId));
    } catch (JedisException e) {
      throw new StoreException("checking user " + userId + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Stores a new user unless the id is taken. HSETNX sets the field only if it is absent, in one
   * step inside Redis, so of two registrations racing for one id exactly one wins.
   *
   * @return true if this call created the user, false if the id was already taken
   */
  public boolean create(StoredUser user) throws StoreException {
    try {
      return redis.hsetnx(USERS_KEY, String.valueOf(user.userId()), Json.write(user)) == 1;
    } catch (JedisException e) {
      throw new StoreException("storing user " + user.userId() + " failed: " + e.getMessage(), e);
    }
  }
}
