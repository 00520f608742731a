package chatroom.bench;

import chatroom.chat.common.Protocol;
import chatroom.chat.server.ServerOptions;
import chatroom.support.OptionTypes;
import chatroom.support.PortNumber;
import chatroom.support.ServerAddress;
import chatroom.support.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The load generator's command line: a mode, then options, each with a default; {@code --help}
 * lists them. The three modes share nearly every option, so the mode is a parameter rather than
 * three subcommands that would each repeat the same list.
 */
@Command(
    name = "LoadGenerator",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Many simulated chat users, and what the server did for them.")
public final class BenchOptions {
  /** What a run does. */
  public enum Mode {
    /** Register and log in {@code --clients} users, {@code --in-flight} at a time. */
    CONNECT,
    /** {@code --senders} of the users send group messages. */
    GROUP,
    /** Every user sends private messages to random others. */
    PRIVATE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How the simulated users reach the server. */
  public enum Transport {
    /** Length-prefixed frames on a TCP connection, as the tutorial's clients. */
    TCP,
    /** One envelope per WebSocket text message, as the web page. */
    WEBSOCKET;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODE",
      converter = ModeName.class,
      description =
          "connect: log the clients in and hold them; group: --senders of them send group"
              + " messages; private: every client sends private messages to random others")
  private Mode mode;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "the chat server's host (default: ${DEFAULT-VALUE})")
  private String host = "localhost";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = OptionTypes.Port.class,
      description =
          "the chat server's port (default: "
              + Protocol.DEFAULT_PORT
              + " for tcp, "
              + ServerOptions.DEFAULT_WEB_PORT
              + " for websocket)")
  private Integer port;

  @Option(
      names = "--servers",
      paramLabel = "HOST:PORT",
      split = ",",
      converter = HostPort.class,
      description =
          "several chat nodes, e.g. localhost:8889,localhost:8891: client n connects to the"
              + " n-th, round-robin, and deliveries are counted same-node and cross-node"
              + " (instead of --host and --port)")
  private List<ServerAddress> servers = new ArrayList<>();

  @Option(
      names = "--transport",
      paramLabel = "tcp|websocket",
      converter = TransportName.class,
      description = "how the clients connect (default: ${DEFAULT-VALUE})")
  private Transport transport = Transport.TCP;

  @Option(
      names = "--tls",
      description =
          "encrypt with TLS, for a server started with --tls: TCP inside TLS, or wss for"
              + " websocket; needs --trust")
  private boolean tls;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description =
          "with --tls: trust the certificates in this PEM file, e.g. the server's own,"
              + " DATA_DIR/tls/server.pem (a generator cannot ask whether to trust a server)")
  private Path trust;

  @Option(
      names = "--clients",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "clients to log in, or online while sending (default: ${DEFAULT-VALUE})")
  private int clients = 100;

  @Option(
      names = "--senders",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "group mode: how many of the clients send (default: ${DEFAULT-VALUE})")
  private int senders = 1;

  @Option(
      names = "--rate",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description = "messages a second per sender (default: ${DEFAULT-VALUE}, flat out)")
  private int rate = 0;

  @Option(
      names = "--window",
      paramLabel = "N",
      converter = OptionTypes.NonNegative.class,
      description =
          "flat out: messages a sender may have on their way, not yet delivered everywhere"
              + " (group) or not yet answered (private); 0 = no window, only TCP slows the"
              + " sender (default: "
              + Senders.WINDOW
              + " for group; "
              + Senders.PRIVATE_WINDOW
              + " shared by all clients for private)")
  private Integer window;

  @Option(
      names = "--seconds",
      paramLabel = "S",
      converter = OptionTypes.Positive.class,
      description = "how long to send (default: ${DEFAULT-VALUE})")
  private int seconds = 10;

  @Option(
      names = "--in-flight",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "logins waiting for their answer at once (default: ${DEFAULT-VALUE})")
  private int inFlight = 50;

  @Option(
      names = "--first-id",
      paramLabel = "ID",
      converter = OptionTypes.Positive.class,
      description = "user ids used: ID, ID+1, ... (default: ${DEFAULT-VALUE})")
  private int firstId = 1_000_000;

  @Option(
      names = "--password",
      paramLabel = "PW",
      description = "the password of every generated user (default: ${DEFAULT-VALUE})")
  private String password = "bench-password";

  @Option(
      names = "--sources",
      paramLabel = "ADDRESS",
      split = ",",
      converter = Stripped.class,
      description =
          "local addresses to connect from, e.g. 127.0.0.1,127.0.0.2: each has about 28 000"
              + " ports (default: the system's choice)")
  private List<String> sources = new ArrayList<>();

  @Option(
      names = "--server-pid",
      paramLabel = "PID",
      split = ",",
      converter = OptionTypes.Positive.class,
      description =
          "report the server's memory and processor time (Linux); with --servers, one process id"
              + " per server, in the same order")
  private List<Integer> serverPids = new ArrayList<>();

  @Option(
      names = "--redis-pid",
      paramLabel = "PID",
      converter = OptionTypes.Positive.class,
      description = "also report the processor time of Redis, e.g. $(pgrep -n redis-server)")
  private Integer redisPid;

  @Option(
      names = "--drain",
      paramLabel = "S",
      converter = OptionTypes.NonNegative.class,
      description = "seconds to wait for late deliveries (default: ${DEFAULT-VALUE})")
  private int drainSeconds = 10;

  @Option(
      names = "--hold",
      paramLabel = "S",
      converter = OptionTypes.NonNegative.class,
      description = "connect mode: seconds to hold the connections (default: ${DEFAULT-VALUE})")
  private int holdSeconds = 0;

  @Option(
      names = "--size",
      paramLabel = "N",
      converter = OptionTypes.Positive.class,
      description = "characters per message (default: ${DEFAULT-VALUE})")
  private int size = 64;

  @Option(
      names = "--warmup",
      paramLabel = "S",
      converter = OptionTypes.NonNegative.class,
      description = "seconds of sending before latencies count (default: ${DEFAULT-VALUE})")
  private int warmupSeconds = 2;

  /**
   * Reads the command line, as {@link LoadGenerator#main} does, without running anything.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static BenchOptions parse(String... args) {
    BenchOptions options = OptionTypes.parse(new BenchOptions(), args);
    try {
      options.check();
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return options;
  }

  /**
   * Checks what one option alone cannot: how options fit together.
   *
   * @throws ParameterException naming what is wrong, for picocli to print with the usage
   */
  void check() {
    if (clients < 2) {
      throw new ParameterException(spec.commandLine(), "--clients must be 2 or more");
    }
    if (senders > clients) {
      throw new ParameterException(spec.commandLine(), "--senders cannot be more than --clients");
    }
    if (tls && trust == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--tls needs --trust FILE, e.g. the server's DATA_DIR/tls/server.pem");
    }
    if (!tls && trust != null) {
      throw new ParameterException(spec.commandLine(), "--trust goes with --tls");
    }
    if (!servers.isEmpty() && (port != null || !host.equals("localhost"))) {
      throw new ParameterException(
          spec.commandLine(), "--servers names every server: leave out --host and --port");
    }
  }

  /** A mode by its name on the command line. */
  static final class ModeName implements ITypeConverter<Mode> {
    @Override
    public Mode convert(String value) {
      for (Mode mode : Mode.values()) {
        if (mode.toString().equals(value)) {
          return mode;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a mode: connect, group or private");
    }
  }

  /** A transport by its name on the command line. */
  static final class TransportName implements ITypeConverter<Transport> {
    @Override
    public Transport convert(String value) {
      for (Transport transport : Transport.values()) {
        if (transport.toString().equals(value.trim())) {
          return transport;
        }
      }
      throw new TypeConversionException("'" + value + "' is not a transport: tcp or websocket");
    }
  }

  /** {@code host:port}, the host in brackets if it is an IPv6 address. */
  static final class HostPort implements ITypeConverter<ServerAddress> {
    @Override
    public ServerAddress convert(String value) {
      String text = value.trim();
      int colon = text.lastIndexOf(':');
      if (colon <= 0) {
        throw new TypeConversionException("'" + value + "' is not host:port");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      try {
        return new ServerAddress(host, PortNumber.parse(text.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "': " + e.getMessage());
      }
    }
  }

  /** Text without the spaces around it, so that {@code "a, b"} reads as two addresses. */
  static final class Stripped implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return value.strip();
    }
  }

  /** What the run does. */
  public Mode mode() {
    return mode;
  }

  /** How the clients connect. */
  public Transport transport() {
    return transport;
  }

  /** Whether the clients speak TLS ({@code --tls}). */
  public boolean tls() {
    return tls;
  }

  /** The certificates to trust with {@code --tls}. */
  public Path trust() {
    return trust;
  }

  /** The servers the clients are spread over, in order; one unless {@code --servers} names more. */
  public List<ServerAddress> servers() {
    if (!servers.isEmpty()) {
      return List.copyOf(servers);
    }
    int defaultPort =
        transport == Transport.TCP ? Protocol.DEFAULT_PORT : ServerOptions.DEFAULT_WEB_PORT;
    return List.of(new ServerAddress(host, port != null ? port : defaultPort));
  }

  /** The node (an index into {@link #servers}) that client number {@code index} connects to. */
  public int node(int index) {
    return index % servers().size();
  }

  /** How many clients: to log in (connect), or online while sending (group, private). */
  public int clients() {
    return clients;
  }

  /** How many of the clients send, in group mode; in private mode all do. */
  public int senders() {
    return senders;
  }

  /** Messages a second per sender, or 0 to send flat out. */
  public int rate() {
    return rate;
  }

  /**
   * Flat out: how many messages one sender may have on their way, 0 for no window; empty for the
   * mode's default.
   */
  public OptionalInt window() {
    return window == null ? OptionalInt.empty() : OptionalInt.of(window);
  }

  /** How long to send, in seconds. */
  public int seconds() {
    return seconds;
  }

  /** How many logins may wait for their answer at once. */
  public int inFlight() {
    return inFlight;
  }

  /** The first user id; the clients are firstId, firstId + 1, ... */
  public int firstId() {
    return firstId;
  }

  /** The password of every generated user. */
  public String password() {
    return password;
  }

  /** Local addresses to spread connections over; empty for the system's choice. */
  public List<String> sources() {
    return List.copyOf(sources);
  }

  /** The servers' process ids, to report their memory and processor time; empty to skip. */
  public List<Long> serverPids() {
    return serverPids.stream().map(Integer::longValue).toList();
  }

  /** Redis' process id, to report its processor time; empty to skip. */
  public Optional<Long> redisPid() {
    return Optional.ofNullable(redisPid).map(Integer::longValue);
  }

  /** How long to wait for deliveries still on their way once sending stops, in seconds. */
  public int drainSeconds() {
    return drainSeconds;
  }

  /** Connect mode: how long to hold the connections before closing them, in seconds. */
  public int holdSeconds() {
    return holdSeconds;
  }

  /** The length of each message's text. */
  public int size() {
    return size;
  }

  /** How long to send before latencies count, in seconds. */
  public int warmupSeconds() {
    return warmupSeconds;
  }
}
