package chatroom.support.tls;

import chatroom.support.ServerAddress;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A client's side of TLS: which servers it believes, and connections to them.
 *
 * <p>It trusts a server in one of two ways. With {@link #trusting} a file, as a browser does: the
 * certificate must be signed by a certificate in the file (a CA), or be one of them (a pinned
 * certificate), and must name the host the client connected to. With {@link #trustOnFirstUse}, as
 * ssh does: the first time a server is seen, someone decides whether to trust its certificate, and
 * its fingerprint is remembered; after that the server must show the same certificate, or the
 * client refuses it. Either way an expired certificate is refused.
 *
 * <p>Every check is made by this class's own trust manager, inside {@link #context()}, so any
 * socket or engine made from that context gets them: the console client's sockets, and the load
 * generator's engines.
 */
public final class ClientTls {
  /** Decides about a server seen for the first time. */
  @FunctionalInterface
  public interface FirstContact {
    /**
     * Whether to trust {@code server} ({@code host:port}), which shows {@code certificate}; if so
     * its fingerprint is remembered. Called during the handshake, on the thread that makes it.
     */
    boolean trust(String server, X509Certificate certificate);
  }

  /** Trusts nobody new: for programs that cannot ask anyone. */
  public static final FirstContact REFUSE = (server, certificate) -> false;

  /** Trusts every new server, and remembers it: for scripts, which someone already checked. */
  public static final FirstContact ACCEPT = (server, certificate) -> true;

  private final SSLContext context;
  private final String describe;

  private ClientTls(X509ExtendedTrustManager checker, String describe) {
    this.describe = describe;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {checker}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no TLS: " + e.getMessage(), e);
    }
  }

  /**
   * Trust on first use: a server already in {@code known} must show the certificate remembered
   * there; a new one is trusted, and remembered, if {@code firstContact} says so.
   */
  public static ClientTls trustOnFirstUse(KnownServers known, FirstContact firstContact) {
    return new ClientTls(
        new Checker(new OnFirstUse(known, firstContact)),
        "trust on first use, remembered in " + known.file());
  }

  /**
   * Trusts the certificates in a PEM file, and what they signed: a CA's certificate, or the
   * server's own (pinned), such as the {@code server.pem} a server writes beside its key.
   */
  public static ClientTls trusting(Path file) throws IOException {
    List<X509Certificate> certificates = Certificates.read(file);
    try {
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        anchors.setCertificateEntry("trusted-" + i, certificates.get(i));
      }
      TrustManagerFactory pkix =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      pkix.init(anchors);
      X509TrustManager standard = (X509TrustManager) pkix.getTrustManagers()[0];
      return new ClientTls(new Checker(new Signed(standard, file)), "the certificates in " + file);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot trust the certificates in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The context whose sockets and engines make every check. */
  public SSLContext context() {
    return context;
  }

  /** Sockets that make every check; each needs the server's host name, as createSocket takes. */
  public SSLSocketFactory socketFactory() {
    return context.getSocketFactory();
  }

  /**
   * An engine for a non-blocking client (a selector loop), with the host and port it checks the
   * certificate against, and only TLS 1.3 and 1.2.
   */
  public SSLEngine engine(String host, int port) {
    SSLEngine engine = context.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.setEnabledProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
    return engine;
  }

  /**
   * Connects to {@code server} and completes the TLS handshake, waiting at most {@link
   * ServerAddress#CONNECT_TIMEOUT} for each answer from it (not for a person deciding on a new
   * server).
   *
   * @throws IOException if the server cannot be reached or is not trusted; {@link #explain} says
   *     why in words
   */
  public SSLSocket connect(ServerAddress server) throws IOException {
    Socket tcp = server.connect();
    try {
      SSLSocket tls =
          (SSLSocket) socketFactory().createSocket(tcp, server.host(), server.port(), true);
      tls.setEnabledProtocols(ServerTls.PROTOCOLS.toArray(String[]::new));
      tls.setSoTimeout((int) ServerAddress.CONNECT_TIMEOUT.toMillis());
      try {
        tls.startHandshake();
      } catch (SocketException lost) {
        // Reset before the server said a word: one that is full hangs up before any handshake.
        throw (SSLHandshakeException)
            new SSLHandshakeException("connection lost: " + lost.getMessage()).initCause(lost);
      }
      tls.setSoTimeout(0);
      return tls;
    } catch (IOException e) {
      tcp.close();
      throw e;
    }
  }

  /** How this client decides whom to trust, for a person. */
  @Override
  public String toString() {
    return describe;
  }

  /**
   * Why connecting to {@code server} with TLS failed, in words, if it failed because of TLS; empty
   * for other failures (no such host, nobody listening), which {@link ServerAddress#explain} words.
   */
  public static Optional<String> explain(IOException failure, ServerAddress server) {
    Optional<ServerNotTrusted> refused = ServerNotTrusted.in(failure);
    if (refused.isPresent()) {
      return Optional.of(refused.get().getMessage());
    }
    if (!(failure instanceof SSLException)) {
      return Optional.empty();
    }
    String message = String.valueOf(failure.getMessage());
    if (message.contains("Unsupported or unrecognized SSL message")) {
      return Optional.of(
          "The server at "
              + server
              + " answered in plain text, not TLS: that port does not speak TLS. Leave out --tls,"
              + " or connect to the server's TLS port.");
    }
    if (failure instanceof SSLHandshakeException
        && (message.contains("terminated the handshake") || failure.getCause() != null)) {
      return Optional.of(
          "The server at "
              + server
              + " closed the connection during the TLS handshake ("
              + message
              + "): it may be full, or may not accept TLS 1.3 or 1.2 from this client.");
    }
    return Optional.of("TLS with the server at " + server + " failed: " + message);
  }

  /** How a certificate is judged once its dates are good and the server is known. */
  private interface Judge {
    void judge(X509Certificate[] chain, String authType, String host, int port)
        throws CertificateException;
  }

  /** Trust on first use, remembered in a file. */
  private record OnFirstUse(KnownServers known, FirstContact firstContact) implements Judge {
    @Override
    public void judge(X509Certificate[] chain, String authType, String host, int port)
        throws CertificateException {
      String server = KnownServers.key(host, port);
      String fingerprint = Certificates.fingerprint(chain[0]);
      synchronized (known) { // two connections to a new server at once: one question, one line
        try {
          Optional<KnownServers.Entry> remembered = known.find(server);
          if (remembered.isPresent()) {
            if (!remembered.get().fingerprint().equalsIgnoreCase(fingerprint)) {
              throw ServerNotTrusted.changed(server, chain[0], remembered.get(), known.file());
            }
            return;
          }
          if (!firstContact.trust(server, chain[0])) {
            throw ServerNotTrusted.unknown(server, chain[0]);
          }
          known.remember(server, fingerprint);
        } catch (IOException e) {
          throw new CertificateException(
              "cannot read or write " + known.file() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Signed by, or equal to, a certificate in a file; and for the host connected to. */
  private record Signed(X509TrustManager standard, Path file) implements Judge {
    @Override
    public void judge(X509Certificate[] chain, String authType, String host, int port)
        throws CertificateException {
      String server = KnownServers.key(host, port);
      try {
        standard.checkServerTrusted(chain, authType); // the chain only: names are checked below
      } catch (CertificateException e) {
        throw ServerNotTrusted.notSigned(server, file, rootCause(e));
      }
      if (!Certificates.isFor(chain[0], host)) {
        throw ServerNotTrusted.wrongHost(server, host, chain[0]);
      }
    }

    private static String rootCause(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return String.valueOf(root.getMessage());
    }
  }

  /**
   * The trust manager the JDK calls during each handshake. Being an "extended" one, it is handed
   * the socket or engine, which knows the host the client asked for; the JDK then leaves every
   * check to it, the host name included.
   */
  private static final class Checker extends X509ExtendedTrustManager {
    private final Judge judge;

    Checker(Judge judge) {
      this.judge = judge;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      SSLSession handshake = socket instanceof SSLSocket tls ? tls.getHandshakeSession() : null;
      check(chain, authType, handshake);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain, authType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain, authType, null);
    }

    private void check(X509Certificate[] chain, String authType, SSLSession handshake)
        throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the server showed no certificate");
      }
      if (handshake == null || handshake.getPeerHost() == null) {
        throw new CertificateException("no host name to check the server's certificate against");
      }
      String host = handshake.getPeerHost();
      int port = handshake.getPeerPort();
      String server = KnownServers.key(host, port);
      try {
        chain[0].checkValidity();
      } catch (CertificateExpiredException e) {
        throw ServerNotTrusted.expired(server, chain[0]);
      } catch (CertificateNotYetValidException e) {
        throw ServerNotTrusted.notYetValid(server, chain[0]);
      }
      judge.judge(chain, authType, host, port);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a chat client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a chat client does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a chat client does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
