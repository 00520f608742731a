package chatroom.chat.client;

import chatroom.chat.common.Protocol;
import chatroom.support.OptionTypes;
import chatroom.support.ServerAddress;
import chatroom.support.Version;
import chatroom.support.tls.KnownServers;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The console client's command-line options; {@code --help} lists them. */
@Command(
    name = "ChatClient",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "The chat's console client: register, log in, chat in a group or one to one.")
public final class ChatClientOptions {
  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "the chat server's host name or IP address (default: ${DEFAULT-VALUE})")
  private String host = "localhost";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = OptionTypes.Port.class,
      description = "the chat server's TCP port (default: ${DEFAULT-VALUE})")
  private int port = Protocol.DEFAULT_PORT;

  @Option(
      names = "--tls",
      description =
          "encrypt with TLS and check the server's certificate: trusted on first use (as ssh"
              + " does), or with --trust")
  private boolean tls;

  @Option(
      names = "--trust",
      paramLabel = "FILE",
      description =
          "with --tls: trust only the certificates in this PEM file and what they signed: a CA's,"
              + " or the server's own (its data/tls/server.pem)")
  private Path trust;

  @Option(
      names = "--trust-new",
      description =
          "with --tls: trust a server seen for the first time without asking, and remember it"
              + " (for scripts; by default the client asks on a terminal and refuses otherwise)")
  private boolean trustNew;

  @Option(
      names = "--known-servers",
      paramLabel = "FILE",
      description =
          "with --tls: where the servers trusted on first use are remembered (default:"
              + " ~/.tcp-chatroom/known_servers)")
  private Path knownServers;

  /** Where the chat server is. */
  public ServerAddress server() {
    return new ServerAddress(host, port);
  }

  /** True to talk to the server over TLS. */
  public boolean tls() {
    return tls;
  }

  /** The certificates to trust instead of trusting on first use, if given. */
  public Optional<Path> trust() {
    return Optional.ofNullable(trust);
  }

  /** True to trust a new server without asking. */
  public boolean trustNew() {
    return trustNew;
  }

  /** Where servers trusted on first use are remembered. */
  public KnownServers knownServers() {
    return new KnownServers(knownServers != null ? knownServers : KnownServers.defaultFile());
  }

  /** What is wrong with the options taken together, if anything; picocli checks each alone. */
  public Optional<String> mistake() {
    if (!tls && (trust != null || trustNew || knownServers != null)) {
      return Optional.of("--trust, --trust-new and --known-servers go with --tls");
    }
    if (trust != null && (trustNew || knownServers != null)) {
      return Optional.of(
          "--trust replaces trust on first use: leave out --trust-new and" + " --known-servers");
    }
    return Optional.empty();
  }
}
