package chatroom.chat.client;

import chatroom.chat.common.Protocol;
import chatroom.support.OptionTypes;
import chatroom.support.ServerAddress;
import chatroom.support.Version;
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

  /** Where the chat server is. */
  public ServerAddress server() {
    return new ServerAddress(host, port);
  }
}
