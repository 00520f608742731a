package chatroom.chat.server.web;

import chatroom.chat.server.ServerOptions;
import chatroom.chat.server.Sessions;
import chatroom.support.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat for browsers: one port serves the web page (plain files from the classpath's {@code
 * web/} folder) and turns a request for {@link #CHAT_PATH} into a WebSocket, whose text messages
 * are the envelopes a TCP frame carries. Each WebSocket goes to {@link Sessions}, exactly as a TCP
 * connection does, so every feature works the same for both.
 *
 * <p>A browser sends the page's origin with every WebSocket request, and the gateway refuses any
 * origin but the page's own (and those allowed with {@code --web-origin}): otherwise a page on any
 * other site could open the chat from its visitors' browsers.
 */
public final class WebGateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebGateway.class);

  /** Where the page opens its WebSocket: {@code ws://host:port/chat}. */
  public static final String CHAT_PATH = "/chat";

  /** A browser keeps an idle HTTP connection for the next request; not for longer than this. */
  private static final Duration HTTP_IDLE = Duration.ofSeconds(30);

  /**
   * The page may load only its own files and talk only to its own server; no other site may frame
   * it. A second guard behind the page's rule of showing text only as text.
   */
  private static final String PAGE_POLICY =
      "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none';"
          + " base-uri 'none'; form-action 'none'";

  private final Sessions sessions;
  private final ServerOptions options;
  private final Set<String> otherOrigins;
  private ServerTls tls; // null: plain HTTP
  private Server server;

  /** A gateway, not listening yet, that hands every WebSocket to {@code sessions}. */
  public WebGateway(Sessions sessions) {
    this.sessions = sessions;
    this.options = sessions.options();
    this.otherOrigins = Set.copyOf(options.webOrigins());
  }

  /**
   * Serves the page over https and the chat over wss only, with the key and certificate of {@code
   * tls}; call before {@link #start}.
   */
  public void secure(ServerTls tls) {
    this.tls = tls;
  }

  /** Binds {@code port} on {@code address} (null: every address) and returns the bound port. */
  public int start(InetAddress address, int port) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("web");
    threads.setDaemon(true); // as for TCP connections: they never keep the JVM alive
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false); // no need to tell the world which version to attack
    ServerConnector connector = connector(server, http);
    connector.setHost(address == null ? null : address.getHostAddress());
    connector.setPort(port);
    connector.setIdleTimeout(HTTP_IDLE.toMillis());
    server.addConnector(connector);
    ErrorHandler errors = new ErrorHandler();
    errors.setShowStacks(false);
    server.setErrorHandler(errors);

    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              // The same limit as a TCP frame; a longer message is refused with close code 1009.
              container.setMaxTextMessageSize(options.maxFrameBytes());
              container.setMaxFrameSize(options.maxFrameBytes());
              container.setMaxBinaryMessageSize(options.maxFrameBytes());
              container.setIdleTimeout(options.loginTimeout());
              container.addMapping(CHAT_PATH, this::upgrade);
            });
    upgrades.setHandler(new PageHeaders(page(server)));
    server.setHandler(tls == null ? upgrades : new HttpsOnly(upgrades));
    try {
      server.start();
    } catch (Exception e) {
      close();
      throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }
    return connector.getLocalPort();
  }

  /** Plain HTTP, or with {@link #secure TLS} on: HTTPS, and plain HTTP only to be sent there. */
  private ServerConnector connector(Server server, HttpConfiguration http) {
    HttpConnectionFactory plain = new HttpConnectionFactory(http);
    if (tls == null) {
      return new ServerConnector(server, plain);
    }
    // Marks requests that came over TLS, so that they count as https:// for the Origin check. Its
    // check of the host name a browser asked for is off: the browser checks the certificate's
    // names itself, and says so to its user far better than a 400 would.
    http.addCustomizer(new SecureRequestCustomizer(false));
    SslContextFactory.Server keys = new SslContextFactory.Server();
    keys.setSslContext(tls.context());
    keys.setIncludeProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
    SslConnectionFactory secure = new SslConnectionFactory(keys, plain.getProtocol());
    // Whoever types http:// gets sent to https:// on the same port, instead of an empty answer:
    // the detector looks at the first bytes, and a request that is not TLS goes to plain HTTP.
    return new ServerConnector(server, new DetectorConnectionFactory(secure), plain);
  }

  /** With TLS on, sends a request that came in plain HTTP to the same address over https. */
  private static final class HttpsOnly extends Handler.Wrapper {
    HttpsOnly(Handler secured) {
      super(secured);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      if (request.isSecure()) {
        return super.handle(request, response, callback);
      }
      String host = request.getHeaders().get(HttpHeader.HOST);
      if (host == null) {
        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, "No Host");
        return true;
      }
      // 302, not 301: a browser keeps a permanent redirect, and would still follow it after
      // the server was restarted without TLS.
      String location = "https://" + host + request.getHttpURI().getPathQuery();
      Response.sendRedirect(request, response, callback, HttpStatus.FOUND_302, location, true);
      return true;
    }
  }

  /** The files of the page, served as they are. */
  private static ResourceHandler page(Server server) {
    Resource files = ResourceFactory.of(server).newClassLoaderResource("web/");
    if (files == null) {
      throw new IllegalStateException("the web page is missing from the classpath (web/)");
    }
    ResourceHandler page = new ResourceHandler();
    page.setBaseResource(files);
    page.setDirAllowed(false);
    page.setWelcomeFiles("index.html");
    page.setCacheControl("no-cache"); // asks again each time, so an edited page shows at once
    return page;
  }

  /** Adds the page's security headers to every answer. */
  private static final class PageHeaders extends Handler.Wrapper {
    PageHeaders(Handler page) {
      super(page);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      response.getHeaders().put("Content-Security-Policy", PAGE_POLICY);
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.getHeaders().put("Referrer-Policy", "no-referrer");
      return super.handle(request, response, callback);
    }
  }

  /** Jetty's question for each WebSocket request to {@link #CHAT_PATH}: which endpoint, if any. */
  private Object upgrade(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !allowed(origin, request)) {
      log.info(
          "/{}:{} refused: a page from {} may not open the chat",
          Request.getRemoteAddr(request),
          Request.getRemotePort(request),
          printable(origin));
      Response.writeError(
          request, response, callback, HttpStatus.FORBIDDEN_403, "Origin not allowed");
      return null;
    }
    return new ChatEndpoint(sessions);
  }

  /**
   * True if a page from {@code origin} may open the chat: the page's own origin, the scheme and the
   * {@code Host} the browser asked this server for (a page's script can set neither), or one given
   * with {@code --web-origin}. Programs that are not browsers send no {@code Origin}; they can
   * claim any, so for them the check proves nothing, and they are let in to log in like a TCP
   * client.
   */
  private boolean allowed(String origin, Request request) {
    String claimed = origin.trim().toLowerCase(Locale.ROOT);
    String host = request.getHeaders().get(HttpHeader.HOST);
    String own = (request.isSecure() ? "https://" : "http://") + host;
    return (host != null && claimed.equals(own.toLowerCase(Locale.ROOT)))
        || otherOrigins.contains(claimed);
  }

  /** A header a client chose, made safe for one log line. */
  private static String printable(String text) {
    String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
    StringBuilder clean = new StringBuilder();
    shown.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return "'" + clean + "'";
  }

  /** Stops listening and closes every WebSocket. */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      server.stop();
    } catch (Exception e) {
      log.warn("stopping the web server: {}", e.toString());
    }
  }
}
