package chatroom.chat.server.model;

/**
 * The store (Redis) could not be reached or answered with an error. Requests that need the store
 * are answered with code 505; the server itself goes on, and recovers when the store is back.
 */
public final class StoreException extends Exception {
  /** Wraps what the Redis client threw. */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
