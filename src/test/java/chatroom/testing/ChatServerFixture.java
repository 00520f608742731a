package chatroom.testing;

import chatroom.chat.server.ChatServer;
import chatroom.chat.server.ServerOptions;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real chat server for one test, on a free port, with its users in the shared test Redis (emptied
 * first). Passwords are hashed with few rounds so tests stay fast; the hashing itself is the same
 * code. Register with {@code @RegisterExtension}.
 *
 * <p>The abuse tests use {@link #withDefaultLimits}: the server's limits as shipped, and a clock
 * the test moves by hand.
 */
public final class ChatServerFixture implements BeforeEachCallback, AfterEachCallback {
  public static final Duration WAIT = Duration.ofSeconds(10);
  public static final int TEST_HASH_ITERATIONS = 1_000;

  private final List<AutoCloseable> opened = new ArrayList<>();
  private final String[] extraOptions;
  private boolean web;
  private final Clock clock;
  private final boolean defaultLimits;
  private UnifiedJedis redis;
  private ChatServer server;
  private int port;
  private int webPort;

  /** A server with the test options, plus {@code extraOptions}, e.g. "--offline-limit", "5". */
  public ChatServerFixture(String... extraOptions) {
    this(Clock.systemUTC(), false, extraOptions);
  }

  private ChatServerFixture(Clock clock, boolean defaultLimits, String... extraOptions) {
    this.clock = clock;
    this.defaultLimits = defaultLimits;
    this.extraOptions = extraOptions.clone();
  }

  /**
   * A server that also serves the web page and its WebSocket, on a free port of its own; only the
   * tests that need it pay for starting it.
   */
  public static ChatServerFixture withWeb(String... extraOptions) {
    ChatServerFixture fixture = new ChatServerFixture(extraOptions);
    fixture.web = true;
    return fixture;
  }

  /**
   * A server with every limit at its default, telling time by {@code clock}: for the tests that
   * replay attacks. Only the password hash is cheap, as everywhere in the tests.
   */
  public static ChatServerFixture withDefaultLimits(Clock clock, String... extraOptions) {
    return new ChatServerFixture(clock, true, extraOptions);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    ServerOptions options = defaultLimits ? defaultLimits(extraOptions) : options(extraOptions);
    // A node like any other, alone on its Redis: the code paths of several nodes run in every test.
    server = new ChatServer(options, redis, clock, RedisPool.Location.of(TestRedis.uri()));
    port = server.start(0);
    if (web) {
      webPort = server.startWeb(0);
    }
  }

  /**
   * The options the test server runs with, plus {@code more}: the loopback addresses 127.0.0.1 and
   * ::1 are exempt from the budgets of logins and registrations and from the hashing queue's
   * limits, a wrong password is answered at once, and there is no message rate unless {@code more}
   * sets one: most tests register and log in many users from one address, quickly and one after
   * another, and send thousands of messages. The abuse tests use {@link #defaultLimits} or set the
   * limit they are about.
   */
  public static ServerOptions options(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--hash-iterations",
                String.valueOf(TEST_HASH_ITERATIONS),
                "--unlimited-from",
                "127.0.0.1",
                "--unlimited-from",
                "::1",
                "--wrong-password-delay",
                "0"));
    if (!List.of(more).contains("--message-rate")) {
      args.addAll(List.of("--message-rate", "0"));
    }
    args.addAll(List.of(more));
    return ServerOptions.parse(args.toArray(String[]::new));
  }

  /** The options as shipped, but for the cheap hash, plus {@code more}. */
  public static ServerOptions defaultLimits(String... more) {
    List<String> args =
        new ArrayList<>(List.of("--hash-iterations", String.valueOf(TEST_HASH_ITERATIONS)));
    args.addAll(List.of(more));
    return ServerOptions.parse(args.toArray(String[]::new));
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    server.close();
    redis.close();
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** The port of the web page and its WebSocket, for a fixture made {@link #withWeb}. */
  public int webPort() {
    return webPort;
  }

  /** A new WebSocket to the chat, as a program that is not a browser opens it; closed after. */
  public WebSocketClient webSocket() throws IOException {
    WebSocketClient client = WebSocketClient.connect(webPort, null);
    opened.add(client);
    return client;
  }

  /** A new WebSocket, logged in as a user that is registered first; closed after the test. */
  public WebSocketClient webLoggedIn(int userId, String name) throws IOException {
    register(userId, "pw-" + userId, name);
    WebSocketClient client = webSocket();
    client.send("LoginMes", WebSocketClient.login(userId, "pw-" + userId));
    JsonNode result = client.receivePayload("LoginResMes");
    if (result.get("code").asInt() != 200) {
      throw new AssertionError("login of " + userId + " failed: " + result);
    }
    return client;
  }

  /** The server itself. */
  public ChatServer server() {
    return server;
  }

  /** A client of the test Redis, to look at what the server stored. */
  public UnifiedJedis redis() {
    return redis;
  }

  /** A new raw connection, closed after the test. */
  public RawClient connect() throws IOException {
    RawClient client = new RawClient(port, WAIT);
    opened.add(client);
    return client;
  }

  /** A new raw connection on a slow line (see {@link RawClient#RawClient(int, Duration, int)}). */
  public RawClient connectWithReceiveBuffer(int receiveBufferBytes) throws IOException {
    RawClient client = new RawClient(port, WAIT, receiveBufferBytes);
    opened.add(client);
    return client;
  }

  /** A new raw connection from {@code localAddress}, e.g. "127.0.0.2"; closed after the test. */
  public RawClient connectFrom(String localAddress) throws IOException {
    RawClient client = new RawClient(port, WAIT, localAddress);
    opened.add(client);
    return client;
  }

  /** Logs in a registered user on {@code client}; fails the test if that does not work. */
  public RawClient logIn(RawClient client, int userId) throws IOException {
    client.send("LoginMes", ChatWire.login(userId, "pw-" + userId));
    JsonNode result = client.receivePayload("LoginResMes");
    if (result.get("code").asInt() != 200) {
      throw new AssertionError("login of " + userId + " failed: " + result);
    }
    return client;
  }

  /**
   * Stores a user straight into Redis, as a registration would, without asking the server: so that
   * setting up a test spends none of the limits the test is about.
   */
  public void createUser(int userId, String password, String name) throws StoreException {
    String hash = new PasswordHasher(TEST_HASH_ITERATIONS).hash(password);
    new UserDao(redis).create(new StoredUser(userId, name, hash));
  }

  /** Registers a user over a fresh connection; returns the {@code RegisterResMes} payload. */
  public JsonNode register(int userId, String password, String name) throws IOException {
    try (RawClient client = new RawClient(port, WAIT)) {
      client.send("RegisterMes", ChatWire.register(userId, password, name));
      return client.receivePayload("RegisterResMes");
    }
  }

  /** A new connection, logged in as a user that is registered first. */
  public RawClient loggedIn(int userId, String name) throws IOException {
    register(userId, "pw-" + userId, name);
    return logIn(connect(), userId);
  }
}
