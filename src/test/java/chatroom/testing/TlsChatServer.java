package chatroom.testing;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.MessageType;
import chatroom.chat.server.ChatServer;
import chatroom.chat.server.model.RedisPool;
import chatroom.support.ServerAddress;
import chatroom.support.tls.Certificates;
import chatroom.support.tls.ClientTls;
import chatroom.support.tls.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.UnifiedJedis;

/**
 * A real chat server with {@code --tls}, on free ports, with its users in the shared test Redis
 * (emptied first): the chat port with TLS, and optionally the web page (https, wss) and an
 * unencrypted port. Either it makes its own certificate in a data directory, as {@code ChatServer
 * --tls} does, or it serves one a test made.
 */
public final class TlsChatServer implements AutoCloseable {
  private final UnifiedJedis redis;
  private final ChatServer server;
  private final List<ChatSession> opened = new ArrayList<>();
  private final int port;
  private int webPort;
  private int plainPort;

  private TlsChatServer(ServerTls tls, Path dataDir, int port, String... options)
      throws IOException {
    redis = RedisPool.open(TestRedis.uri());
    redis.flushAll();
    List<String> args = new ArrayList<>(List.of("--tls", "--data-dir", dataDir.toString()));
    args.addAll(List.of(options));
    server = new ChatServer(ChatServerFixture.options(args.toArray(String[]::new)), redis);
    if (tls != null) {
      server.useTls(tls);
    }
    this.port = server.start(port);
  }

  /** A server that makes (or finds) its certificate in {@code dataDir}, as in production. */
  public static TlsChatServer inDataDir(Path dataDir, String... options) throws IOException {
    return new TlsChatServer(null, dataDir, 0, options);
  }

  /** As {@link #inDataDir}, on {@code port}: a server started again where clients knew it. */
  public static TlsChatServer inDataDir(Path dataDir, int port, String... options)
      throws IOException {
    return new TlsChatServer(null, dataDir, port, options);
  }

  /** A server that serves the key and certificate in {@code keystore} (see TestCertificates). */
  public static TlsChatServer serving(Path keystore, String... options) throws IOException {
    Path unused = Files.createTempDirectory("chat-tls-data");
    return new TlsChatServer(TestCertificates.serverTls(keystore), unused, 0, options);
  }

  /** Also serves the web page and its WebSocket, over https and wss; returns the port. */
  public int startWeb() throws IOException {
    webPort = server.startWeb(0);
    return webPort;
  }

  /** Also takes unencrypted connections; returns that port. */
  public int startPlain() throws IOException {
    plainPort = server.startPlain(0);
    return plainPort;
  }

  /** The TLS port. */
  public int port() {
    return port;
  }

  /** The web port, once started. */
  public int webPort() {
    return webPort;
  }

  /** The unencrypted port, once started. */
  public int plainPort() {
    return plainPort;
  }

  /** The server itself. */
  public ChatServer server() {
    return server;
  }

  /** The certificate it shows. */
  public X509Certificate certificate() {
    return server.tls().orElseThrow().certificate();
  }

  /** The certificate as a PEM file, for {@code --trust}. */
  public Path certificatePem(Path directory) throws IOException {
    Path file = directory.resolve("served-" + port + ".pem");
    Files.writeString(file, Certificates.pem(certificate()));
    return file;
  }

  /** A client that trusts exactly this server's certificate (pinned). */
  public ClientTls pinned(Path directory) throws IOException {
    return ClientTls.trusting(certificatePem(directory));
  }

  /** Where clients connect: {@code localhost} and the TLS port. */
  public ServerAddress address() {
    return new ServerAddress("localhost", port);
  }

  /** Records what a session hears on its own. */
  public static final class Heard implements ChatSession.Listener {
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override
    public void onPush(MessageType type, Object payload) {
      events.add(type.wireName() + " " + payload);
    }

    @Override
    public void onClosed(String reason) {
      events.add("closed: " + reason);
    }

    /** The next thing heard; fails if nothing comes within the fixture's wait. */
    public String next() throws InterruptedException {
      String event = events.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("nothing heard within " + ChatServerFixture.WAIT);
      }
      return event;
    }
  }

  /** The console client's session over TLS with {@code tls}, closed after the test. */
  public ChatSession connect(ClientTls tls, Heard heard) throws IOException {
    ChatSession session = ChatSession.connect(tls.connect(address()), heard);
    opened.add(session);
    return session;
  }

  @Override
  public void close() throws IOException {
    for (ChatSession c : opened) {
      c.close();
    }
    server.close();
    redis.close();
  }
}
