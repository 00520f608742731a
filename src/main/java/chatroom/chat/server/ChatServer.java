package chatroom.chat.server;

import chatroom.chat.common.MessageType;
import chatroom.chat.server.cluster.RedisNodes;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.UserDao;
import chatroom.chat.server.process.FindUserProcessor;
import chatroom.chat.server.process.GroupChatProcessor;
import chatroom.chat.server.process.Guard;
import chatroom.chat.server.process.HashingQueue;
import chatroom.chat.server.process.LoginProcessor;
import chatroom.chat.server.process.LogoutProcessor;
import chatroom.chat.server.process.Mailboxes;
import chatroom.chat.server.process.Nodes;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.chat.server.process.OnlineUsersProcessor;
import chatroom.chat.server.process.PrivateChatProcessor;
import chatroom.chat.server.process.RegisterProcessor;
import chatroom.chat.server.tcp.TcpGateway;
import chatroom.chat.server.web.WebGateway;
import chatroom.support.ConnectionThreads;
import chatroom.support.OptionTypes;
import chatroom.support.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The chat server (lessons 04 on). It puts the layers together: a transport ({@link TcpGateway}, or
 * {@link WebGateway} for browsers) accepts connections and reads requests, {@link Sessions} gives
 * each connection a session and hands every request to the {@link Processor}, which hands it to the
 * processor of its feature.
 */
public final class ChatServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

  private final OnlineUsers online;
  private final OfflineMessageDao offline;
  private final ServerOptions options;
  private final TcpGateway tcp;
  private final TcpGateway plain; // with --tls, the unencrypted port, if --plain-port asks for one
  private final WebGateway web;
  private final Nodes nodes;
  private final boolean onCluster;
  private ServerTls tls; // with --tls, once set up
  private int port;
  private int plainPort;
  private int webPort;

  /**
   * A server, not listening yet, that keeps users and offline messages in the Redis {@code redis}
   * talks to, and shares it with no other chat server.
   */
  public ChatServer(ServerOptions options, UnifiedJedis redis) {
    this(options, redis, Clock.systemUTC(), null);
  }

  /**
   * A server, not listening yet, that is one node among any number that share the Redis at {@code
   * location} (lesson 13), which {@code redis} talks to.
   */
  public ChatServer(ServerOptions options, UnifiedJedis redis, RedisPool.Location location) {
    this(options, redis, Clock.systemUTC(), location);
  }

  /**
   * As the public constructors, telling time by {@code clock} (tests pass a clock they move by
   * hand, to see what a limit does after a minute without waiting for it); one node alone if no
   * location.
   */
  public ChatServer(
      ServerOptions options, UnifiedJedis redis, Clock clock, RedisPool.Location location) {
    this.options = options;
    this.onCluster = location != null && location.cluster();
    this.online = new OnlineUsers(options.presenceLimit());
    UserDao users = new UserDao(redis);
    PasswordHasher hasher = new PasswordHasher(options.hashIterations());
    this.offline = new OfflineMessageDao(redis, options.offlineLimits());
    RedisNodes others =
        location == null
            ? null
            : new RedisNodes(
                redis, location.addresses(), location.config(), location.cluster(), online);
    this.nodes = others == null ? Nodes.ALONE : others;
    Mailboxes mailboxes = new Mailboxes(online, offline, options.outboxBytes() / 4, nodes);
    HashingQueue hashing =
        new HashingQueue(options.hashThreads(), options.hashQueue(), options.hashQueuePerAddress());
    Guard guard = new Guard(new LimitStore(redis), clock, hashing, options.guardLimits());
    Processor processor = dispatcher(users, hasher, online, mailboxes, guard, clock, nodes);
    Sessions sessions = new Sessions(processor, online, options);
    this.tcp = new TcpGateway(sessions);
    this.plain = new TcpGateway(sessions);
    this.web = new WebGateway(sessions);
    if (others != null) {
      others.prepare(mailboxes);
    }
  }

  /**
   * The dispatcher table: one processor per message type. Public so that tests drive the very table
   * the server uses, on stores of their own.
   */
  public static Processor dispatcher(
      UserDao users,
      PasswordHasher hasher,
      OnlineUsers online,
      Mailboxes mailboxes,
      Guard guard,
      Clock clock) {
    return dispatcher(users, hasher, online, mailboxes, guard, clock, Nodes.ALONE);
  }

  /** The dispatcher table of one node among others, which {@code nodes} reaches. */
  public static Processor dispatcher(
      UserDao users,
      PasswordHasher hasher,
      OnlineUsers online,
      Mailboxes mailboxes,
      Guard guard,
      Clock clock,
      Nodes nodes) {
    return new Processor(clock)
        .on(MessageType.REGISTER_MES, new RegisterProcessor(users, hasher, guard))
        .on(
            MessageType.LOGIN_MES,
            new LoginProcessor(users, hasher, online, mailboxes, guard, nodes))
        .on(MessageType.ONLINE_USERS_MES, new OnlineUsersProcessor(online))
        .on(MessageType.SMS_MES, new GroupChatProcessor(online, nodes))
        .on(MessageType.PRIVATE_SMS_MES, new PrivateChatProcessor(online, users, mailboxes, clock))
        .on(MessageType.LOGOUT_MES, new LogoutProcessor(online))
        .on(MessageType.FIND_USER_MES, new FindUserProcessor(users, online));
  }

  /** {@code ChatServer [options]}: see {@link ServerOptions}, or run it with {@code --help}. */
  public static void main(String[] args) {
    ServerOptions options = new ServerOptions();
    System.exit(OptionTypes.run(options, args, () -> run(options)));
  }

  /** Starts the server with {@code options} and serves until Ctrl-C; returns the exit status. */
  private static int run(ServerOptions options) {
    if (options.mistake().isPresent()) {
      System.err.println(options.mistake().get());
      return 2;
    }
    ServerTls tls = null;
    if (options.tls()) { // before anything starts: a key that cannot be had stops the server
      try {
        tls = TlsSetup.load(options, System::getenv);
      } catch (IOException e) {
        System.err.println("Cannot set up TLS: " + e.getMessage());
        return 1;
      }
    }
    BundledRedis bundled = null;
    RedisPool.Location location;
    if (!options.redisCluster().isEmpty()) {
      location = RedisPool.Location.cluster(options.redisCluster());
    } else if (options.redisUri().isPresent()) {
      location = RedisPool.Location.of(options.redisUri().get());
    } else if (options.join().isPresent()) {
      try {
        location = RedisPool.Location.of(BundledRedis.uriOf(options.join().get()));
      } catch (IOException e) {
        System.err.println("Cannot join: " + e.getMessage());
        return 1;
      }
    } else {
      try {
        bundled = BundledRedis.start(options.dataDir());
      } catch (IOException e) {
        System.err.println(
            "Cannot start the bundled Redis ("
                + e.getMessage()
                + "); start a Redis of your own and pass --redis redis://host:port");
        return 1;
      }
      location = RedisPool.Location.of(bundled.uri());
    }
    String redisUri = location.toString();
    UnifiedJedis redis = RedisPool.open(location);
    ChatServer server = new ChatServer(options, redis, location);
    if (tls != null) {
      server.useTls(tls);
    }
    server.moveEarlierMail();
    int port =
        server.tcp.startOrExit(
            options.bind().orElse(null),
            options.port(),
            server.web,
            server.plain,
            server::closeNodes,
            redis,
            bundled == null ? () -> {} : bundled);
    server.port = port;
    server.joinNodes();
    // After the chat port: a server that cannot have its chat port says only that.
    if (!server.startWebOrSayWhy(options.webPort())) {
      return 1; // the shutdown hook closes what has started
    }
    log.info(
        "Chat server listening on {}port {}{}, one {} per client",
        options.bind().map(address -> address.getHostAddress() + " ").orElse(""),
        port,
        options.tls() ? " with TLS" : "",
        ConnectionThreads.kind());
    if (options.tls() && options.plainPort().isPresent()) {
      try {
        server.startPlain(options.plainPort().getAsInt());
      } catch (IOException e) {
        System.err.println(
            "Cannot listen on port " + options.plainPort().getAsInt() + ": " + e.getMessage());
        return 1; // the shutdown hook closes what has started
      }
      log.info("Unencrypted chat, for the Go tutorial's clients, on port {}", server.plainPort);
    }
    if (server.webPort != 0) {
      String scheme = options.tls() ? "https://" : "http://";
      String page = scheme + hostForLinks(options) + ":" + server.webPort + "/";
      log.info("Web page at {} (browsers chat over its WebSocket, {})", page, WebGateway.CHAT_PATH);
    }
    if (bundled != null) {
      log.info(
          "Users are kept in the bundled Redis at {}, data in {}",
          redisUri,
          options.dataDir().toAbsolutePath());
    } else {
      log.info("Users are kept in {}{}", location.cluster() ? "" : "the Redis at ", redisUri);
    }
    warnIfUnreachable(redis, redisUri);
    try {
      server.awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** With {@code --tls}, loads or makes the key and certificate, unless one is set already. */
  private void setUpTls() throws IOException {
    if (options.tls() && tls == null) {
      useTls(TlsSetup.load(options, System::getenv));
    }
  }

  /**
   * Serves TLS with {@code tls}'s key and certificate, instead of those the options name; call
   * before starting. Tests use it to serve certificates of their own making.
   */
  public void useTls(ServerTls tls) {
    this.tls = tls;
    tcp.secure(tls);
    web.secure(tls);
  }

  /** Brings mail kept by an earlier version of the server into today's form; see the DAO. */
  private void moveEarlierMail() {
    if (onCluster) {
      return; // no earlier version ran on a Redis Cluster, and a cluster has no one key space
    }
    try {
      int moved = offline.moveEarlierMail();
      if (moved > 0) {
        log.info("Moved {} waiting messages kept by an earlier version", moved);
      }
    } catch (StoreException e) {
      log.warn("Could not look for mail kept by an earlier version: {}", e.getMessage());
    }
  }

  /**
   * Starts the web page on {@code port} unless it is off. The default port may be taken by another
   * program: then the chat goes on without the page, saying how to choose another port; a port
   * given on purpose that cannot be had stops the server.
   *
   * @return false if the server must stop
   */
  private boolean startWebOrSayWhy(OptionalInt port) {
    if (port.isEmpty()) {
      return true;
    }
    try {
      startWeb(port.getAsInt());
      return true;
    } catch (IOException e) {
      String why = "Cannot serve the web page on port " + port.getAsInt() + ": " + e.getMessage();
      if (port.getAsInt() == ServerOptions.DEFAULT_WEB_PORT) {
        log.warn("{}; the chat goes on without it (choose one with --web-port N)", why);
        return true;
      }
      System.err.println(why);
      return false;
    }
  }

  /** The host name to print in a link to this server. */
  private static String hostForLinks(ServerOptions options) {
    InetAddress bound = options.bind().orElse(null);
    if (bound == null || bound.isAnyLocalAddress()) {
      return "localhost";
    }
    String host = bound.getHostAddress();
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static void warnIfUnreachable(UnifiedJedis redis, String uri) {
    try {
      redis.ping();
    } catch (JedisException e) {
      log.warn(
          "Redis at {} does not answer ({}): logins and registrations get 505 until it does",
          uri,
          e.getMessage());
    }
  }

  /** Binds {@code port} (0 = any free port), starts accepting and returns the bound port. */
  public int start(int port) throws IOException {
    moveEarlierMail();
    setUpTls();
    this.port = tcp.start(options.bind().orElse(null), port);
    joinNodes();
    return this.port;
  }

  /** The port the server listens on, once started. */
  public int port() {
    return port;
  }

  /**
   * Serves the web page and its WebSocket on {@code port} (0 = any free port), on the same address
   * as the chat, and returns the bound port.
   */
  public int startWeb(int port) throws IOException {
    setUpTls();
    this.webPort = web.start(options.bind().orElse(null), port);
    return this.webPort;
  }

  /** The port of the web page, once {@link #startWeb started}; 0 before. */
  public int webPort() {
    return webPort;
  }

  /**
   * With TLS on, also takes unencrypted connections on {@code port} (0 = any free port), for the Go
   * tutorial's clients, and returns the bound port.
   */
  public int startPlain(int port) throws IOException {
    this.plainPort = plain.start(options.bind().orElse(null), port);
    return this.plainPort;
  }

  /** The unencrypted port, once {@link #startPlain started}; 0 before. */
  public int plainPort() {
    return plainPort;
  }

  /** The key and certificate served, once set up; empty without TLS. */
  public Optional<ServerTls> tls() {
    return Optional.ofNullable(tls);
  }

  /** Stops accepting and hangs up on every client. */
  @Override
  public void close() {
    tcp.close();
    plain.close();
    web.close();
    closeNodes();
  }

  /** Joins the other nodes sharing its Redis, once its users can reach it on its port. */
  private void joinNodes() {
    if (nodes instanceof RedisNodes others) {
      others.start("chat port " + port);
    }
  }

  /** Leaves the other nodes: they hear within seconds that this one is gone. */
  private void closeNodes() {
    if (nodes instanceof RedisNodes others) {
      others.close();
    }
  }

  /** Blocks until {@link #close} has been called. */
  public void awaitClosed() throws InterruptedException {
    tcp.awaitClosed();
  }

  /** This server's name among the nodes sharing its Redis, and the others it knows are alive. */
  public String nodeName() {
    return nodes.me();
  }

  /** The other nodes this server knows are alive (none for a server alone). */
  public Set<String> otherNodes() {
    return nodes instanceof RedisNodes others ? others.peers() : Set.of();
  }

  /** How many users are logged in right now. */
  public int onlineCount() {
    return online.count();
  }
}
