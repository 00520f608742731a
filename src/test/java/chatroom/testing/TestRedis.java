package chatroom.testing;

import chatroom.chat.server.BundledRedis;
import java.io.IOException;
import java.io.UncheckedIOException;

/** One real, in-memory Redis for the whole test run, started on first use. */
public final class TestRedis {
  private static BundledRedis redis;

  private TestRedis() {}

  /** Where the shared test Redis listens, e.g. {@code redis://127.0.0.1:41234}. */
  public static synchronized String uri() {
    if (redis == null) {
      try {
        redis = BundledRedis.startInMemory(); // embedded-redis stops it when the JVM exits
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the bundled Redis for the tests", e);
      }
    }
    return redis.uri();
  }
}
