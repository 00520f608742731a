package chatroom.chat.server;

import chatroom.chat.common.Protocol;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.process.Guard;
import chatroom.chat.server.process.HashingQueue;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.chat.server.process.Rate;
import chatroom.chat.server.process.Session;
import chatroom.support.OptionTypes;
import chatroom.support.Version;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The chat server's command-line options, each with a default; {@code --help} lists them. picocli
 * reads them into these fields and checks every value as it goes.
 */
@Command(
    name = "ChatServer",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description =
        "The chat server. Without --redis it starts a Redis of its own, kept in --data-dir.")
public final class ServerOptions {
  /** Enough for thousands of chat lines, or sixteen of the largest frames. */
  public static final int DEFAULT_OUTBOX_BYTES = 1024 * 1024;

  /** Kept per offline user; a full list refuses new messages (429) rather than lose old ones. */
  public static final int DEFAULT_OFFLINE_LIMIT = 500;

  /** Bytes kept per offline user, and per sender for everyone who is away. */
  public static final int DEFAULT_OFFLINE_BYTES = 1024 * 1024;

  /** Bytes of offline mail for the whole server: a bound a laptop's Redis holds with ease. */
  public static final int DEFAULT_OFFLINE_TOTAL_BYTES = 256 * 1024 * 1024;

  /** A 64 KiB frame takes well under a second even on a slow line. */
  public static final int DEFAULT_FRAME_TIMEOUT_SECONDS = 15;

  /**
   * Seconds a connection may stay quiet before it logs in. Every client of this project, and the Go
   * tutorial's, connects only once the user has typed what it sends; a connection that sends
   * nothing for this long is holding a place for nothing.
   */
  public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 20;

  /**
   * Connections from one address at once: more than a household or a classroom behind one router
   * uses for chat (raise it for a bigger one), far fewer than the server holds.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 64;

  /** Messages a second a logged-in user may send: more than anyone types, even pasting. */
  public static final int DEFAULT_MESSAGE_RATE = 5;

  /** Messages a logged-in user may send at once before the rate applies. */
  public static final int DEFAULT_MESSAGE_BURST = 20;

  /**
   * Beside the chat's other ports (8888 echo, 8889 chat), and unlike 8080 seldom taken by another
   * development server; browsers do not block it.
   */
  public static final int DEFAULT_WEB_PORT = 8880;

  /** What {@link #webPort} holds for {@code --web-port off}. */
  private static final int WEB_OFF = -1;

  /** Where {@code --tls-keystore}'s password comes from: the command line is visible to all. */
  public static final String TLS_PASSWORD_VARIABLE = "CHAT_TLS_PASSWORD";

  /** Sized for the benchmarks' ten thousand users; raise the process's file limit to go higher. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;

  /**
   * Login attempts an address may make a minute, once its burst is used: more than a person
   * mistyping ever needs, while probing 20 000 ids would take 16 hours. Successful logins give
   * their attempt back.
   */
  public static final int DEFAULT_LOGINS_PER_MINUTE = 20;

  /** Login attempts an address may make at once: a classroom behind one router logging in. */
  public static final int DEFAULT_LOGIN_BURST = 30;

  /** A wrong password is answered after a second: unnoticed by a person, slow for a script. */
  public static final int DEFAULT_WRONG_PASSWORD_DELAY_MILLIS = 1_000;

  /** Registrations an address may make a minute once its burst is used: a family, not a script. */
  public static final int DEFAULT_REGISTRATIONS_PER_MINUTE = 3;

  /** Registrations an address may make at once. */
  public static final int DEFAULT_REGISTRATION_BURST = 5;

  /**
   * Hashes that may wait for a turn: with one hashing thread at a quarter of a second each, the
   * last waits 8 s, within the 10 s a console client waits for an answer.
   */
  public static final int DEFAULT_HASH_QUEUE = 32;

  /** Hashes one address may have waiting: a flood needs eight addresses to fill the queue. */
  public static final int DEFAULT_HASH_QUEUE_PER_ADDRESS = 4;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = OptionTypes.Port.class,
      description = "TCP port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port)")
  private int port = Protocol.DEFAULT_PORT;

  @Option(
      names = "--web-port",
      paramLabel = "PORT|off",
      converter = WebPort.class,
      description =
          "port for the web page and its WebSocket (default: "
              + DEFAULT_WEB_PORT
              + "; 0 = any free port; off = no web page)")
  private int webPort = DEFAULT_WEB_PORT;

  @Option(
      names = "--web-origin",
      paramLabel = "URL",
      converter = WebOrigin.class,
      description =
          "also let pages from this origin, e.g. https://chat.example.org, open the WebSocket;"
              + " repeat for more (default: only the page's own)")
  private List<String> webOrigins = new ArrayList<>();

  @Option(
      names = "--tls",
      description =
          "encrypt with TLS: the chat port (--port) and the web port (https, wss) take TLS only;"
              + " the key and a self-signed certificate are made on first start and kept in"
              + " --data-dir/tls")
  private boolean tls;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description =
          "with --tls: use the key and certificate chain in this keystore (PKCS12 or JKS) instead;"
              + " its password is read from the environment variable "
              + TLS_PASSWORD_VARIABLE
              + ", never from the command line")
  private Path tlsKeystore;

  @Option(
      names = "--tls-name",
      paramLabel = "NAME",
      converter = HostName.class,
      description =
          "with --tls: one more host name or address the self-signed certificate is for, e.g."
              + " chat.lan or 192.168.1.20; repeat for more (it is always for localhost, 127.0.0.1,"
              + " ::1 and the --bind address)")
  private List<String> tlsNames = new ArrayList<>();

  @Option(
      names = "--plain-port",
      paramLabel = "PORT|off",
      converter = WebPort.class,
      description =
          "with --tls: also take unencrypted connections on this port, for the Go tutorial's"
              + " clients (default: off, since passwords would cross the network in clear)")
  private int plainPort = WEB_OFF;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "listen on this address only, e.g. 127.0.0.1 (default: every address of this machine)")
  private InetAddress bind;

  /** Where Redis is, if not the bundled one: one of three ways to say it. */
  @ArgGroup(exclusive = true, multiplicity = "0..1")
  private RedisChoice redis;

  /** The three ways to name a Redis; picocli refuses two at once. */
  static final class RedisChoice {
    @Option(
        names = "--redis",
        paramLabel = "URI",
        converter = RedisUri.class,
        description =
            "use this Redis, e.g. redis://127.0.0.1:6379 (default: start the bundled one)")
    private String uri;

    @Option(
        names = "--redis-cluster",
        paramLabel = "HOST:PORT",
        split = ",",
        description =
            "use a Redis Cluster, reached through any of these nodes, e.g."
                + " 127.0.0.1:7001,127.0.0.1:7002")
    private List<String> cluster;

    @Option(
        names = "--join",
        paramLabel = "DIR",
        description =
            "share the bundled Redis of the chat server already running on the data directory"
                + " DIR: a second node of one chat (lesson 13)")
    private Path join;
  }

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "where the bundled Redis keeps its data (default: ${DEFAULT-VALUE})")
  private Path dataDir = Path.of("data");

  @Option(
      names = "--max-frame",
      paramLabel = "BYTES",
      converter = OptionTypes.Positive.class,
      description = "largest frame accepted (default: ${DEFAULT-VALUE})")
  private int maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;

  @Option(
      names = "--hash-iterations",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "PBKDF2 rounds for new passwords (default: ${DEFAULT-VALUE})")
  private int hashIterations = PasswordHasher.DEFAULT_ITERATIONS;

  @Option(
      names = "--outbox-bytes",
      paramLabel = "BYTES",
      converter = OptionTypes.Positive.class,
      description =
          "bytes queued for one client before it is disconnected; past a quarter of it, senders"
              + " wait for it to catch up (default: ${DEFAULT-VALUE})")
  private int outboxBytes = DEFAULT_OUTBOX_BYTES;

  @Option(
      names = "--stall-timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.Positive.class,
      description =
          "seconds a client that is behind may take nothing before it is disconnected"
              + " (default: ${DEFAULT-VALUE})")
  private int stallTimeoutSeconds = (int) Session.DEFAULT_STALL_TIMEOUT.toSeconds();

  @Option(
      names = "--message-rate",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "messages (and other requests) a second a logged-in user may send; faster senders are"
              + " slowed down (default: ${DEFAULT-VALUE}; 0 = no limit, for benchmarks)")
  private int messageRate = DEFAULT_MESSAGE_RATE;

  @Option(
      names = "--message-burst",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "messages a user may send at once before the rate applies"
              + " (default: ${DEFAULT-VALUE})")
  private int messageBurst = DEFAULT_MESSAGE_BURST;

  @Option(
      names = "--offline-limit",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "private messages kept per offline user (default: ${DEFAULT-VALUE})")
  private int offlineLimit = DEFAULT_OFFLINE_LIMIT;

  @Option(
      names = "--offline-bytes",
      paramLabel = "BYTES",
      converter = OptionTypes.Positive.class,
      description = "bytes of private messages kept per offline user (default: ${DEFAULT-VALUE})")
  private int offlineBytes = DEFAULT_OFFLINE_BYTES;

  @Option(
      names = "--offline-sender-limit",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "messages one user may have waiting for users who are away (default: ${DEFAULT-VALUE})")
  private int offlineSenderLimit = DEFAULT_OFFLINE_LIMIT;

  @Option(
      names = "--offline-sender-bytes",
      paramLabel = "BYTES",
      converter = OptionTypes.Positive.class,
      description =
          "bytes one user may have waiting for users who are away (default: ${DEFAULT-VALUE})")
  private int offlineSenderBytes = DEFAULT_OFFLINE_BYTES;

  @Option(
      names = "--offline-total-bytes",
      paramLabel = "BYTES",
      converter = OptionTypes.Positive.class,
      description =
          "bytes of private messages kept for everyone together (default: ${DEFAULT-VALUE})")
  private int offlineTotalBytes = DEFAULT_OFFLINE_TOTAL_BYTES;

  @Option(
      names = "--frame-timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.Positive.class,
      description = "seconds a frame may take once started (default: ${DEFAULT-VALUE})")
  private int frameTimeoutSeconds = DEFAULT_FRAME_TIMEOUT_SECONDS;

  @Option(
      names = "--login-timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.Positive.class,
      description =
          "seconds a connection may stay quiet before logging in (default: ${DEFAULT-VALUE})")
  private int loginTimeoutSeconds = DEFAULT_LOGIN_TIMEOUT_SECONDS;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      converter = OptionTypes.NonNegative.class,
      description =
          "seconds a logged-in connection may stay quiet (default: ${DEFAULT-VALUE}, no limit)")
  private int idleTimeoutSeconds = 0;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "connections open at once; more are refused (default: ${DEFAULT-VALUE})")
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;

  @Option(
      names = "--max-per-address",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "connections open at once from one address (an IPv6 /64); more are refused"
              + " (default: ${DEFAULT-VALUE}; 0 = no limit)")
  private int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;

  @Option(
      names = "--presence-limit",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "logins and logouts are announced while at most N users are online; lists are sent"
              + " N ids at a time (default: ${DEFAULT-VALUE})")
  private int presenceLimit = OnlineUsers.DEFAULT_PRESENCE_LIMIT;

  @Option(
      names = "--logins-per-minute",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "login attempts per minute from one address or connection, after the burst"
              + " (default: ${DEFAULT-VALUE}; 0 = no limit)")
  private int loginsPerMinute = DEFAULT_LOGINS_PER_MINUTE;

  @Option(
      names = "--login-burst",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "login attempts one address or connection may make at once (default: ${DEFAULT-VALUE})")
  private int loginBurst = DEFAULT_LOGIN_BURST;

  @Option(
      names = "--wrong-password-delay",
      paramLabel = "MILLIS",
      converter = OptionTypes.NonNegative.class,
      description =
          "milliseconds before a wrong password is answered; the connection waits meanwhile"
              + " (default: ${DEFAULT-VALUE})")
  private int wrongPasswordDelayMillis = DEFAULT_WRONG_PASSWORD_DELAY_MILLIS;

  @Option(
      names = "--registrations-per-minute",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "registrations per minute from one address or connection, after the burst"
              + " (default: ${DEFAULT-VALUE}; 0 = no limit)")
  private int registrationsPerMinute = DEFAULT_REGISTRATIONS_PER_MINUTE;

  @Option(
      names = "--registration-burst",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "registrations one address or connection may make at once (default: ${DEFAULT-VALUE})")
  private int registrationBurst = DEFAULT_REGISTRATION_BURST;

  @Option(
      names = "--hash-threads",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description =
          "password hashes computed at once (default: one less than the cores, at least 1;"
              + " here ${DEFAULT-VALUE})")
  private int hashThreads = HashingQueue.defaultThreads();

  @Option(
      names = "--hash-queue",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "password hashes that may wait for their turn, logins and registrations each;"
              + " more get 503, busy"
              + " (default: ${DEFAULT-VALUE})")
  private int hashQueue = DEFAULT_HASH_QUEUE;

  @Option(
      names = "--hash-queue-per-address",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description = "password hashes one address may have waiting (default: ${DEFAULT-VALUE})")
  private int hashQueuePerAddress = DEFAULT_HASH_QUEUE_PER_ADDRESS;

  @Option(
      names = "--unlimited-from",
      paramLabel = "ADDRESS",
      description =
          "clients from this address skip the login and registration budgets, the hash queue's"
              + " limits and --max-per-address, e.g. a load generator on 127.0.0.1; may be given"
              + " more than once (default: none)")
  private List<InetAddress> unlimitedFrom = new ArrayList<>();

  /** Only {@code redis://} URIs: Jedis would read anything else differently from what was meant. */
  static final class RedisUri implements ITypeConverter<String> {
    @Override
    public String convert(String uri) {
      if (!uri.startsWith("redis://")) {
        throw new TypeConversionException("'" + uri + "' is not a redis://host:port URI");
      }
      return uri;
    }
  }

  /** A port, or {@code off}. */
  static final class WebPort implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      if (value.trim().equalsIgnoreCase("off")) {
        return WEB_OFF;
      }
      return new OptionTypes.Port().convert(value);
    }
  }

  /**
   * A host name or an IP address for a certificate: letters, digits, dots, hyphens (and colons in
   * IPv6). Nothing else, since the name is handed to keytool inside a list of names.
   */
  static final class HostName implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      String name = value.trim().toLowerCase(Locale.ROOT);
      if (name.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?")
          || name.matches("[0-9a-f:.]*:[0-9a-f:.]*")) {
        return name;
      }
      throw new TypeConversionException(
          "'" + value + "' is not a host name or an IP address, like chat.lan or 192.168.1.20");
    }
  }

  /**
   * An origin as a browser sends it: {@code scheme://host[:port]}, lower case, nothing after it; a
   * path or a trailing slash would never match, so it is refused here rather than ignored later.
   */
  static final class WebOrigin implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        URI uri = new URI(value.trim());
        boolean web =
            "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
        boolean bare =
            uri.getHost() != null
                && uri.getRawPath().isEmpty()
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (web && bare) {
          return value.trim().toLowerCase(Locale.ROOT);
        }
      } catch (URISyntaxException notAUri) {
        // the message below says what is wanted
      }
      throw new TypeConversionException(
          "'" + value + "' is not an origin like https://chat.example.org or http://10.0.0.5:8880");
    }
  }

  /**
   * Reads the options; what is not given keeps its default.
   *
   * @throws IllegalArgumentException naming the option that is wrong and why
   */
  public static ServerOptions parse(String... args) {
    ServerOptions options = OptionTypes.parse(new ServerOptions(), args);
    options
        .mistake()
        .ifPresent(
            mistake -> {
              throw new IllegalArgumentException(mistake);
            });
    return options;
  }

  /** Where clients connect (0 = any free port). */
  public int port() {
    return port;
  }

  /** The port for the web page and its WebSocket (0 = any free port), or empty when it is off. */
  public OptionalInt webPort() {
    return webPort == WEB_OFF ? OptionalInt.empty() : OptionalInt.of(webPort);
  }

  /** Origins, besides the page's own, whose pages may open the WebSocket. */
  public List<String> webOrigins() {
    return List.copyOf(webOrigins);
  }

  /** True if the chat and the web page take TLS only (their own ports). */
  public boolean tls() {
    return tls;
  }

  /** The keystore given with {@code --tls-keystore}; empty for the self-signed certificate. */
  public Optional<Path> tlsKeystore() {
    return Optional.ofNullable(tlsKeystore);
  }

  /** Names, besides localhost and the bind address, the self-signed certificate is for. */
  public List<String> tlsNames() {
    return List.copyOf(tlsNames);
  }

  /** With TLS on: a port that still takes unencrypted connections, or empty (the default). */
  public OptionalInt plainPort() {
    return plainPort == WEB_OFF ? OptionalInt.empty() : OptionalInt.of(plainPort);
  }

  /** What is wrong with the options taken together, if anything; picocli checks each alone. */
  public Optional<String> mistake() {
    if (!tls && (tlsKeystore != null || !tlsNames.isEmpty() || plainPort != WEB_OFF)) {
      return Optional.of("--tls-keystore, --tls-name and --plain-port go with --tls");
    }
    if (tlsKeystore != null && !tlsNames.isEmpty()) {
      return Optional.of(
          "--tls-name is for the certificate the server makes; a keystore's names its own hosts");
    }
    return Optional.empty();
  }

  /** The one address to listen on, or empty for every address. */
  public Optional<InetAddress> bind() {
    return Optional.ofNullable(bind);
  }

  /** An existing Redis to use (with {@code --redis}); empty to start the bundled one. */
  public Optional<String> redisUri() {
    return Optional.ofNullable(redis == null ? null : redis.uri);
  }

  /** The nodes of a Redis Cluster to use (with {@code --redis-cluster}); empty if none. */
  public List<String> redisCluster() {
    return redis == null || redis.cluster == null ? List.of() : List.copyOf(redis.cluster);
  }

  /** The data directory of the server whose bundled Redis to share (with {@code --join}). */
  public Optional<Path> join() {
    return Optional.ofNullable(redis == null ? null : redis.join);
  }

  /** Where the bundled Redis keeps its data. */
  public Path dataDir() {
    return dataDir;
  }

  /** The largest frame body accepted. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** PBKDF2 rounds for new password hashes. */
  public int hashIterations() {
    return hashIterations;
  }

  /** How many bytes may wait for one client before it counts as not reading. */
  public int outboxBytes() {
    return outboxBytes;
  }

  /** How long a client that is behind may take nothing before it is cut. */
  public Duration stallTimeout() {
    return Duration.ofSeconds(stallTimeoutSeconds);
  }

  /** Requests a second a logged-in user may send; 0 for no limit. */
  public int messageRate() {
    return messageRate;
  }

  /** Requests a logged-in user may send at once before the rate applies. */
  public int messageBurst() {
    return messageBurst;
  }

  /** The bounds of offline mail: per recipient, per sender and in all. */
  public OfflineMessageDao.Limits offlineLimits() {
    return new OfflineMessageDao.Limits(
        offlineLimit, offlineBytes, offlineSenderLimit, offlineSenderBytes, offlineTotalBytes);
  }

  /** How long a frame may take to arrive, once its first byte has. */
  public Duration frameTimeout() {
    return Duration.ofSeconds(frameTimeoutSeconds);
  }

  /** How long a connection may stay quiet before it has logged in. */
  public Duration loginTimeout() {
    return Duration.ofSeconds(loginTimeoutSeconds);
  }

  /** How long a logged-in connection may stay quiet (zero: for ever). */
  public Duration idleTimeout() {
    return Duration.ofSeconds(idleTimeoutSeconds);
  }

  /** How many connections may be open at once. */
  public int maxConnections() {
    return maxConnections;
  }

  /** The addresses exempt from the limits per address ({@code --unlimited-from}). */
  public Set<InetAddress> unlimitedFrom() {
    return Set.copyOf(unlimitedFrom);
  }

  /** How many connections may be open at once from one address; 0 for no limit. */
  public int maxConnectionsPerAddress() {
    return maxConnectionsPerAddress;
  }

  /** The largest room told of every login and logout, and the most ids one answer lists. */
  public int presenceLimit() {
    return presenceLimit;
  }

  /** The budgets of logins and registrations, the pause after a wrong password, who is exempt. */
  public Guard.Limits guardLimits() {
    return new Guard.Limits(
        new Rate(loginsPerMinute, loginBurst),
        new Rate(registrationsPerMinute, registrationBurst),
        Duration.ofMillis(wrongPasswordDelayMillis),
        Set.copyOf(unlimitedFrom));
  }

  /** How many password hashes may be computed at once. */
  public int hashThreads() {
    return hashThreads;
  }

  /** How many password hashes may wait for their turn. */
  public int hashQueue() {
    return hashQueue;
  }

  /** How many password hashes one address may have waiting. */
  public int hashQueuePerAddress() {
    return hashQueuePerAddress;
  }
}
