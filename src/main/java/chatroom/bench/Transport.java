package chatroom.bench;

import chatroom.support.ServerAddress;
import chatroom.support.tls.ClientTls;
import java.io.IOException;
import java.util.Optional;

/** How the simulated users reach a server: TCP frames, or WebSocket messages; either in TLS. */
interface Transport extends AutoCloseable {
  /**
   * Connects client number {@code index} (-1 for a helper connection) to {@code server}, from the
   * local address {@code source} if not null; what arrives goes to {@code receiver}.
   */
  BenchClient connect(int index, ServerAddress server, String source, BenchClient.Receiver receiver)
      throws IOException;

  /** Stops the threads that serve the connections. */
  @Override
  void close();

  /** The transport {@code --transport} names. */
  static Transport open(BenchOptions options) throws IOException {
    return switch (options.transport()) {
      case TCP ->
          options.tls()
              ? new TlsBenchClient.Connector(options.trust())
              : new TcpBenchClient.Connector();
      case WEBSOCKET ->
          new WebSocketBenchClient.Connector(
              options.sources(),
              options.tls() ? Optional.of(ClientTls.trusting(options.trust())) : Optional.empty());
    };
  }
}
