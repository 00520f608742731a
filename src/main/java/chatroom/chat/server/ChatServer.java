package chatroom.chat.server;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.FrameException;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.RedisPool;
import chatroom.chat.server.model.UserDao;
import chatroom.chat.server.process.FindUserProcessor;
import chatroom.chat.server.process.GroupChatProcessor;
import chatroom.chat.server.process.LoginProcessor;
import chatroom.chat.server.process.LoginThrottle;
import chatroom.chat.server.process.LogoutProcessor;
import chatroom.chat.server.process.Mailboxes;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.chat.server.process.OnlineUsersProcessor;
import chatroom.chat.server.process.PrivateChatProcessor;
import chatroom.chat.server.process.RegisterProcessor;
import chatroom.chat.server.process.Session;
import chatroom.support.ConnectionThreads;
import chatroom.support.OptionTypes;
import chatroom.support.TcpServer;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Stage 3: the chat server. It puts the layers together: {@link TcpServer} accepts, each connection
 * gets a {@link Transfer} and a {@link Session}, and every frame goes to the {@link Processor},
 * which hands it to the processor of its feature.
 */
public final class ChatServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

  /** How long a departing client's queued frames may take to be written. */
  private static final Duration LAST_WORDS_TIMEOUT = Duration.ofSeconds(5);

  private final TcpServer tcp = new TcpServer(ChatServer.class, this::serve);
  private final OnlineUsers online;
  private final Processor processor;
  private final ServerOptions options;
  private int port;

  /**
   * A server, not listening yet, that keeps users and offline messages in the Redis {@code redis}
   * talks to.
   */
  public ChatServer(ServerOptions options, UnifiedJedis redis) {
    this(options, redis, Clock.systemUTC());
  }

  /** As {@link #ChatServer(ServerOptions, UnifiedJedis)}, telling time by {@code clock}. */
  ChatServer(ServerOptions options, UnifiedJedis redis, Clock clock) {
    this.options = options;
    this.online = new OnlineUsers(options.presenceLimit());
    tcp.limitConnections(options.maxConnections(), ChatServer::refuseWhenFull);
    UserDao users = new UserDao(redis);
    PasswordHasher hasher = new PasswordHasher(options.hashIterations());
    Mailboxes mailboxes =
        new Mailboxes(online, new OfflineMessageDao(redis), options.offlineLimit());
    this.processor = dispatcher(users, hasher, online, mailboxes, clock);
  }

  /**
   * The dispatcher table: one processor per message type. Public so that tests drive the very table
   * the server uses, on stores of their own.
   */
  public static Processor dispatcher(
      UserDao users, PasswordHasher hasher, OnlineUsers online, Mailboxes mailboxes, Clock clock) {
    return new Processor()
        .on(MessageType.REGISTER_MES, new RegisterProcessor(users, hasher))
        .on(
            MessageType.LOGIN_MES,
            new LoginProcessor(users, hasher, online, mailboxes, new LoginThrottle(clock)))
        .on(MessageType.ONLINE_USERS_MES, new OnlineUsersProcessor(online))
        .on(MessageType.SMS_MES, new GroupChatProcessor(online))
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
    BundledRedis bundled = null;
    if (options.redisUri().isEmpty()) {
      try {
        bundled = BundledRedis.start(options.dataDir());
      } catch (IOException e) {
        System.err.println("Cannot start the bundled Redis (" + e.getMessage() + ").");
        System.err.println("Start a Redis of your own and pass --redis redis://host:port.");
        return 1;
      }
    }
    String redisUri = bundled != null ? bundled.uri() : options.redisUri().get();
    UnifiedJedis redis = RedisPool.open(redisUri);
    ChatServer server = new ChatServer(options, redis);
    int port =
        server.tcp.startOrExit(
            options.bind().orElse(null),
            options.port(),
            redis,
            bundled == null ? () -> {} : bundled);
    log.info(
        "Chat server listening on {}port {}, one {} per client",
        options.bind().map(address -> address.getHostAddress() + " ").orElse(""),
        port,
        ConnectionThreads.kind());
    if (bundled != null) {
      log.info(
          "Users are kept in the bundled Redis at {}, data in {}",
          redisUri,
          options.dataDir().toAbsolutePath());
    } else {
      log.info("Users are kept in the Redis at {}", redisUri);
    }
    warnIfUnreachable(redis, redisUri);
    try {
      server.awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
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
    this.port = tcp.start(options.bind().orElse(null), port);
    return this.port;
  }

  /** The port the server listens on, once started. */
  public int port() {
    return port;
  }

  /** Stops accepting and hangs up on every client. */
  @Override
  public void close() {
    tcp.close();
  }

  /** Blocks until {@link #close} has been called. */
  public void awaitClosed() throws InterruptedException {
    tcp.awaitClosed();
  }

  /** How many users are logged in right now. */
  public int onlineCount() {
    return online.count();
  }

  /** Tells a client the server is full, in a frame it can read, before the socket is closed. */
  private static void refuseWhenFull(Socket client) throws IOException {
    ErrorResMes full =
        new ErrorResMes(ResultCode.SERVER_FULL.code(), "the server is full; try later");
    client.getOutputStream().write(Transfer.frame(MessageType.ERROR_RES_MES, full));
  }

  /** Reads one client's frames and dispatches each; runs on that client's own thread. */
  private void serve(Socket socket, String who) throws IOException {
    Transfer transfer = new Transfer(socket, options.maxFrameBytes());
    Session session = new Session(transfer, who, options.outboxBytes());
    try {
      while (true) {
        // Quiet connections: those not logged in may wait so long, those logged in may idle.
        Duration quiet = session.isLoggedIn() ? options.idleTimeout() : options.loginTimeout();
        transfer.timeouts(quiet, options.frameTimeout());
        byte[] body;
        try {
          body = transfer.readFrame();
        } catch (FrameException e) {
          // After a bad length nobody knows where the next frame starts: answer, then hang up.
          session.closeWith(e.code(), e.getMessage());
          throw e;
        }
        if (body == null) {
          return;
        }
        processor.dispatch(session, body);
      }
    } finally {
      // However the connection ended (logout, end of stream, crash, reset), the others hear it.
      online.leave(session);
      // Let what is queued (say, the answer to a bad frame) reach the client before hanging up.
      session.closeAfterSending();
      session.awaitClosed(LAST_WORDS_TIMEOUT);
    }
  }
}
