package chatroom.chat.server.model;

import chatroom.chat.common.Json;
import chatroom.chat.common.PrivateSmsMes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Private messages kept for users who are away: one Redis list per recipient, {@code
 * mail:{<userId>}}, oldest first, with bounds no sender can push past.
 *
 * <p>An entry is a short JSON header, a newline, then the text exactly as written: a message takes
 * about its own size, where JSON around the text would double every quote and turn each control
 * character into six bytes. Four bounds hold at once, each checked and counted inside Redis in one
 * step (a Lua script runs with no other command in between):
 *
 * <ul>
 *   <li>per recipient, in messages and in bytes (the list, and its counter {@code
 *       mail:{<userId>}:bytes});
 *   <li>per sender, in messages and in bytes, across every recipient ({@code mailfrom:{<userId>}});
 *   <li>for the whole server, in bytes ({@code mail:bytes}).
 * </ul>
 *
 * <p>Every script touches one key, or two with the same {@code {...}} part, so the same code runs
 * on Redis Cluster, where a script may only touch keys of one hash slot. The three steps of keeping
 * a message are therefore separate: if a later one refuses, the earlier ones are undone.
 */
public final class OfflineMessageDao {
  private static final Logger log = LoggerFactory.getLogger(OfflineMessageDao.class);

  /** The server-wide byte counter. */
  static final String TOTAL_KEY = "mail:bytes";

  /**
   * How much mail may wait: per recipient, per sender, and in all.
   *
   * @param perRecipient messages kept for one user
   * @param perRecipientBytes bytes kept for one user
   * @param perSender messages one user may have waiting for others
   * @param perSenderBytes bytes one user may have waiting for others
   * @param totalBytes bytes kept for everyone together
   */
  public record Limits(
      int perRecipient,
      long perRecipientBytes,
      int perSender,
      long perSenderBytes,
      long totalBytes) {}

  /** What became of a message given to {@link #keep}. */
  public enum Kept {
    /** Kept for its recipient. */
    KEPT,
    /** Not kept: its recipient has as much waiting as one user may. */
    RECIPIENT_FULL,
    /** Not kept: its sender has as much waiting for others as one user may. */
    SENDER_FULL,
    /** Not kept: the server keeps as much mail as it may. */
    STORE_FULL
  }

  /**
   * A message waiting in a list, with the exact entry stored, which {@link #remove} needs.
   *
   * @param stored the entry in Redis
   * @param message the message it holds, {@code offline} set
   */
  public record Waiting(String stored, PrivateSmsMes message) {}

  /** The header of an entry: who sent it, under which name, and when. */
  record Header(int from, String name, long at) {}

  /** Adds an entry to the recipient's list if both its bounds allow it; returns 1 or 0. */
  private static final String KEEP_FOR_RECIPIENT =
      "local size = string.len(ARGV[1]) "
          + "local bytes = tonumber(redis.call('GET', KEYS[2]) or '0') "
          + "if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) "
          + "or bytes + size > tonumber(ARGV[3]) then return 0 end "
          + "redis.call('RPUSH', KEYS[1], ARGV[1]) "
          + "redis.call('INCRBY', KEYS[2], size) "
          + "return 1";

  /** Counts a message against a sender's bounds (fields n and b) if they allow it; 1 or 0. */
  private static final String COUNT_FOR_SENDER =
      "local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0') "
          + "local b = tonumber(redis.call('HGET', KEYS[1], 'b') or '0') "
          + "if n + 1 > tonumber(ARGV[1]) or b + tonumber(ARGV[3]) > tonumber(ARGV[2]) "
          + "then return 0 end "
          + "redis.call('HINCRBY', KEYS[1], 'n', 1) "
          + "redis.call('HINCRBY', KEYS[1], 'b', ARGV[3]) "
          + "return 1";

  /** Counts bytes against the server-wide bound if it allows them; 1 or 0. */
  private static final String COUNT_IN_TOTAL =
      "if tonumber(redis.call('GET', KEYS[1]) or '0') + tonumber(ARGV[2]) > tonumber(ARGV[1]) "
          + "then return 0 end "
          + "redis.call('INCRBY', KEYS[1], ARGV[2]) "
          + "return 1";

  /** Removes one entry from a list and its bytes from the list's counter; returns 1 or 0. */
  private static final String REMOVE_FOR_RECIPIENT =
      "if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then return 0 end "
          + "if redis.call('DECRBY', KEYS[2], string.len(ARGV[1])) <= 0 then "
          + "redis.call('DEL', KEYS[2]) end "
          + "return 1";

  /** Takes a message off a sender's counts, never below zero. */
  private static final String UNCOUNT_FOR_SENDER =
      "if redis.call('HINCRBY', KEYS[1], 'n', -1) <= 0 "
          + "or redis.call('HINCRBY', KEYS[1], 'b', -tonumber(ARGV[1])) <= 0 then "
          + "redis.call('DEL', KEYS[1]) end "
          + "return 1";

  /** Takes bytes off the server-wide count, never below zero. */
  private static final String UNCOUNT_IN_TOTAL =
      "if redis.call('DECRBY', KEYS[1], ARGV[1]) <= 0 then redis.call('DEL', KEYS[1]) end "
          + "return 1";

  private final UnifiedJedis redis;
  private final Limits limits;

  /** Offline mail kept in the Redis that {@code redis} talks to, within {@code limits}. */
  public OfflineMessageDao(UnifiedJedis redis, Limits limits) {
    this.redis = redis;
    this.limits = limits;
  }

  /** The Redis key of a user's waiting mail. */
  public static String key(int userId) {
    return "mail:{" + userId + "}";
  }

  private static String bytesKey(int userId) {
    return key(userId) + ":bytes";
  }

  private static String senderKey(int userId) {
    return "mailfrom:{" + userId + "}";
  }

  /**
   * Keeps a message for {@code userId} if every bound allows it.
   *
   * @param message the message as the recipient will get it (its {@code offline} flag is set when
   *     it is read back)
   */
  public Kept keep(int userId, PrivateSmsMes message) throws StoreException {
    String entry = entry(message);
    String size = String.valueOf(entry.getBytes(StandardCharsets.UTF_8).length);
    String sender = senderKey(message.userId());
    try {
      if (!yes(
          redis.eval(
              COUNT_FOR_SENDER,
              List.of(sender),
              List.of(
                  String.valueOf(limits.perSender()),
                  String.valueOf(limits.perSenderBytes()),
                  size)))) {
        return Kept.SENDER_FULL;
      }
      if (!yes(
          redis.eval(
              COUNT_IN_TOTAL,
              List.of(TOTAL_KEY),
              List.of(String.valueOf(limits.totalBytes()), size)))) {
        redis.eval(UNCOUNT_FOR_SENDER, List.of(sender), List.of(size));
        return Kept.STORE_FULL;
      }
      if (!yes(
          redis.eval(
              KEEP_FOR_RECIPIENT,
              List.of(key(userId), bytesKey(userId)),
              List.of(
                  entry,
                  String.valueOf(limits.perRecipient()),
                  String.valueOf(limits.perRecipientBytes()))))) {
        redis.eval(UNCOUNT_FOR_SENDER, List.of(sender), List.of(size));
        redis.eval(UNCOUNT_IN_TOTAL, List.of(TOTAL_KEY), List.of(size));
        return Kept.RECIPIENT_FULL;
      }
      return Kept.KEPT;
    } catch (JedisException e) {
      throw new StoreException("keeping a message for " + userId + " failed: " + e.getMessage(), e);
    }
  }

  private static boolean yes(Object scriptResult) {
    return ((Number) scriptResult).longValue() == 1;
  }

  /** The stored form: a header line, then the text as it is. */
  static String entry(PrivateSmsMes message) {
    Header header = new Header(message.userId(), message.userName(), message.sentAt());
    return Json.write(header) + "\n" + message.content();
  }

  /** The message in a stored entry, for {@code userId}. */
  static PrivateSmsMes read(int userId, String entry) throws IOException {
    int newline = entry.indexOf('\n');
    if (newline < 0) {
      throw new IOException("no header line");
    }
    Header header = Json.read(entry.substring(0, newline), Header.class);
    return new PrivateSmsMes(
        userId, entry.substring(newline + 1), header.from(), header.name(), header.at(), true);
  }

  /**
   * The oldest messages waiting for {@code userId}: at most {@code maxMessages}, and no more than
   * {@code maxBytes} of stored entries unless one alone is larger. Nothing is removed.
   */
  public List<Waiting> oldest(int userId, int maxMessages, long maxBytes) throws StoreException {
    List<String> entries;
    try {
      entries = redis.lrange(key(userId), 0, maxMessages - 1);
    } catch (JedisException e) {
      throw new StoreException("reading messages for " + userId + " failed: " + e.getMessage(), e);
    }
    List<Waiting> page = new ArrayList<>();
    long bytes = 0;
    for (String entry : entries) {
      bytes += entry.length();
      if (!page.isEmpty() && bytes > maxBytes) {
        break;
      }
      try {
        page.add(new Waiting(entry, read(userId, entry)));
      } catch (IOException e) {
        log.error("dropping an unreadable message for user {}: {}", userId, e.getMessage());
        remove(userId, new Waiting(entry, null));
      }
    }
    return page;
  }

  /** Removes one delivered message and uncounts it; nothing happens if it is already gone. */
  public void remove(int userId, Waiting delivered) throws StoreException {
    String size = String.valueOf(delivered.stored().getBytes(StandardCharsets.UTF_8).length);
    try {
      if (!yes(
          redis.eval(
              REMOVE_FOR_RECIPIENT,
              List.of(key(userId), bytesKey(userId)),
              List.of(delivered.stored())))) {
        return;
      }
      if (delivered.message() != null) {
        redis.eval(
            UNCOUNT_FOR_SENDER, List.of(senderKey(delivered.message().userId())), List.of(size));
      }
      redis.eval(UNCOUNT_IN_TOTAL, List.of(TOTAL_KEY), List.of(size));
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

  /**
   * Moves mail kept by earlier versions of the server ({@code offline:<userId>} lists of JSON) into
   * the current form, so that an upgrade loses no message. Runs once at start-up; quick when there
   * is nothing to move.
   *
   * @return how many messages were moved
   */
  public int moveEarlierMail() throws StoreException {
    int moved = 0;
    try {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> keys =
            redis.scan(cursor, new ScanParams().match("offline:*").count(1000));
        for (String oldKey : keys.getResult()) {
          moved += moveEarlierList(oldKey);
        }
        cursor = keys.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    } catch (JedisException e) {
      throw new StoreException("moving earlier mail failed: " + e.getMessage(), e);
    }
    return moved;
  }

  /** The JSON of an earlier version's entry: an id and the message. */
  record EarlierEntry(String id, PrivateSmsMes message) {}

  private int moveEarlierList(String oldKey) throws StoreException {
    int userId;
    try {
      userId = Integer.parseInt(oldKey.substring("offline:".length()));
    } catch (NumberFormatException notOurs) {
      return 0;
    }
    int moved = 0;
    String json;
    while ((json = redis.lpop(oldKey)) != null) {
      try {
        PrivateSmsMes message = Json.read(json, EarlierEntry.class).message();
        String entry = entry(message);
        long size = entry.getBytes(StandardCharsets.UTF_8).length;
        // Kept whatever the bounds: these were promised (202) before the bounds existed.
        redis.rpush(key(userId), entry);
        redis.incrBy(bytesKey(userId), size);
        redis.hincrBy(senderKey(message.userId()), "n", 1);
        redis.hincrBy(senderKey(message.userId()), "b", size);
        redis.incrBy(TOTAL_KEY, size);
        moved++;
      } catch (IOException e) {
        log.error("skipping an unreadable earlier message for user {}: {}", userId, e.getMessage());
      }
    }
    return moved;
  }
}
