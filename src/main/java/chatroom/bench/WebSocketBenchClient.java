package chatroom.bench;

import chatroom.chat.common.Protocol;
import chatroom.chat.server.web.WebGateway;
import chatroom.support.ServerAddress;
import chatroom.support.tls.ClientTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A simulated user on a WebSocket, as the web page is: each text message is one envelope, the same
 * JSON a TCP frame carries after its length header. Jetty's client does the WebSocket part, with a
 * few selector threads for all the connections, as {@link EventLoop} does for TCP. Public only
 * because Jetty calls its listener methods from outside the package.
 */
public final class WebSocketBenchClient extends BenchClient
    implements Session.Listener.AutoDemanding {
  private static final Duration CONNECT_TIMEOUT = ServerAddress.CONNECT_TIMEOUT;

  private final AtomicInteger unsent = new AtomicInteger();
  private byte[] message = new byte[4096]; // the text message being received, on Jetty's thread
  private int received;
  private volatile Session session;

  private WebSocketBenchClient(int index, Receiver receiver) {
    super(index, receiver);
  }

  /** Opens WebSockets: one Jetty client for each local address to connect from. */
  static final class Connector implements Transport {
    private final List<WebSocketClient> clients = new ArrayList<>();
    private final String scheme;

    /** Connects from {@code sources} (any address if empty), over wss if {@code tls} is given. */
    Connector(List<String> sources, Optional<ClientTls> tls) throws IOException {
      scheme = tls.isPresent() ? "wss://" : "ws://";
      List<String> from = sources.isEmpty() ? Collections.singletonList(null) : sources;
      for (String source : from) {
        HttpClient http = new HttpClient();
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("bench-ws");
        threads.setDaemon(true);
        http.setExecutor(threads);
        if (tls.isPresent()) {
          SslContextFactory.Client checks = new SslContextFactory.Client();
          checks.setSslContext(tls.get().context()); // its trust manager makes every check
          http.setSslContextFactory(checks);
        }
        if (source != null) {
          http.setBindAddress(new InetSocketAddress(source, 0));
        }
        WebSocketClient client = new WebSocketClient(http);
        // A client that only listens may hear nothing for minutes; the run decides when it ends.
        client.setIdleTimeout(Duration.ofHours(1));
        client.setMaxTextMessageSize(Protocol.DEFAULT_MAX_FRAME_BYTES);
        client.setConnectTimeout(CONNECT_TIMEOUT.toMillis());
        try {
          client.start();
        } catch (Exception e) {
          throw new IOException("cannot start the WebSocket client: " + e.getMessage(), e);
        }
        clients.add(client);
      }
    }

    @Override
    public BenchClient connect(int index, ServerAddress server, String source, Receiver receiver)
        throws IOException {
      WebSocketClient client = clients.get(Math.floorMod(index, clients.size()));
      WebSocketBenchClient user = new WebSocketBenchClient(index, receiver);
      URI uri = URI.create(scheme + server + WebGateway.CHAT_PATH);
      try {
        user.session =
            client.connect(user, uri).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return user;
      } catch (ExecutionException e) {
        throw new IOException(uri + ": " + e.getCause().getMessage(), e.getCause());
      } catch (TimeoutException e) {
        throw new IOException(uri + ": no answer within " + CONNECT_TIMEOUT.toSeconds() + " s");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }

    @Override
    public void close() {
      for (WebSocketClient client : clients) {
        try {
          client.stop();
        } catch (Exception e) {
          // the run is over; the daemon threads end with the JVM
        }
      }
    }
  }

  @Override
  void send(byte[] frame) {
    String envelope = new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
    unsent.incrementAndGet();
    // Jetty queues what the socket cannot take yet; the callback says when it has taken it.
    session.sendText(
        envelope,
        Callback.from(
            unsent::decrementAndGet,
            failure -> {
              unsent.decrementAndGet();
              failed("send failed: " + failure.getMessage());
            }));
  }

  @Override
  boolean sending() {
    return unsent.get() > 0;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
  }

  /**
   * Takes each text message as the bytes that arrived. Jetty would otherwise decode them into a
   * String a byte at a time (and the receiver needs bytes again): in a profile of a flat-out group
   * run that decoding was a third of the generator's time, and the generator the bottleneck.
   */
  @Override
  public void onWebSocketFrame(Frame frame, Callback done) {
    Frame.Type type = frame.getType();
    if (type == Frame.Type.TEXT || type == Frame.Type.CONTINUATION) {
      ByteBuffer payload = frame.getPayload().duplicate();
      int length = payload.remaining();
      if (type == Frame.Type.TEXT) {
        received = 0;
      }
      if (received + length > message.length) {
        message = Arrays.copyOf(message, Math.max(2 * message.length, received + length));
      }
      payload.get(message, received, length);
      received += length;
      if (frame.isFin()) {
        try {
          deliver(message, 0, received);
        } catch (IOException e) {
          failed(e.getMessage());
          session.disconnect();
        }
      }
    }
    done.succeed();
  }

  @Override
  public void onWebSocketClose(int status, String reason, Callback done) {
    failed("closed by the server: " + status + (reason == null ? "" : " " + reason));
    done.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    failed(cause.getMessage() == null ? cause.toString() : cause.getMessage());
  }

  @Override
  public void close() {
    closing = true;
    Session open = session;
    if (open != null) {
      open.close();
    }
  }
}
