package chatroom.chat.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/** UserDao against a real Redis. */
class UserDaoTest {
  private UnifiedJedis redis;
  private UserDao users;

  @BeforeEach
  void connect() {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    users = new UserDao(redis);
  }

  @AfterEach
  void disconnect() {
    redis.close();
  }

  @Test
  void aCreatedUserCanBeFoundAndExists() throws StoreException {
    StoredUser alice = new StoredUser(100, "Alice", "pbkdf2-sha256$1$AA$AA");
    assertTrue(users.create(alice));
    assertEquals(Optional.of(alice), users.find(100));
    assertTrue(users.exists(100));
  }

  @Test
  void anUnknownUserIsEmptyAndDoesNotExist() throws StoreException {
    assertEquals(Optional.empty(), users.find(7));
    assertFalse(users.exists(7));
  }

  @Test
  void createNeverOverwritesAnExistingUser() throws StoreException {
    assertTrue(users.create(new StoredUser(100, "Alice", "h1")));
    assertFalse(users.create(new StoredUser(100, "Mallory", "h2")));
    assertEquals("Alice", users.find(100).orElseThrow().userName());
  }

  @Test
  void aValueThatIsNotAUserIsAStoreErrorNotACrash() {
    redis.hset(UserDao.USERS_KEY, "5", "not json");
    assertThrows(StoreException.class, () -> users.find(5));
  }

  @Test
  void anUnreachableRedisIsAStoreError() throws IOException {
    int nothingThere;
    try (ServerSocket probe = new ServerSocket(0)) {
      nothingThere = probe.getLocalPort();
    }
    try (UnifiedJedis down = RedisPool.open("redis://127.0.0.1:" + nothingThere)) {
      UserDao unreachable = new UserDao(down);
      assertThrows(StoreException.class, () -> unreachable.find(1));
      assertThrows(StoreException.class, () -> unreachable.exists(1));
      assertThrows(StoreException.class, () -> unreachable.create(new StoredUser(1, "a", "h")));
    }
  }
}
