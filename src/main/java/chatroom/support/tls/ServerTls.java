package chatroom.support.tls;

import chatroom.support.ConnectionThreads;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A server's side of TLS: its key and certificate, and TLS layered over the TCP connections it
 * accepts.
 *
 * <p>The server accepts plain TCP and only then puts TLS on top ({@link #over}), on the
 * connection's own thread. That way it can look at the first byte first ({@link #isHandshake}) and
 * answer a client that does not speak TLS in words it can read; a slow handshake holds up only its
 * own connection; and the TCP socket stays in the server's hands, so that a peer that stops reading
 * can never make closing wait for ever ({@link #close}).
 */
public final class ServerTls {
  /** TLS 1.3, and 1.2 for older clients; 1.1 and 1.0 are broken and refused. */
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** The first byte of every TLS handshake record (RFC 8446, 5.1: content type 22). */
  private static final int HANDSHAKE_RECORD = 22;

  /** How long a closing connection may take to say goodbye (close_notify) before it is cut. */
  private static final Duration CLOSE_GRACE = Duration.ofSeconds(1);

  private final SSLContext context;
  private final X509Certificate certificate;

  private ServerTls(SSLContext context, X509Certificate certificate) {
    this.context = context;
    this.certificate = certificate;
  }

  /**
   * TLS with the one key, and its certificate chain, in a keystore file (PKCS12 or JKS).
   *
   * @throws IOException if the file cannot be read with {@code password}, or holds no key or more
   *     than one (which one would clients see?)
   */
  public static ServerTls fromKeyStore(Path file, char[] password) throws IOException {
    KeyStore store;
    try {
      store = KeyStore.getInstance(file.toFile(), password); // PKCS12 or JKS, whichever it is
    } catch (GeneralSecurityException | IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    try {
      List<String> keys = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          keys.add(alias);
        }
      }
      if (keys.size() != 1) {
        throw new IOException(
            file + " holds " + keys.size() + " keys; the server needs exactly one, with its chain");
      }
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return new ServerTls(context, (X509Certificate) store.getCertificate(keys.get(0)));
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use the key in " + file + ": " + e.getMessage(), e);
    }
  }

  /** The context, for a server that makes its own sockets or engines (the web page's Jetty). */
  public SSLContext context() {
    return context;
  }

  /** The certificate clients are shown. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate's SHA-256 fingerprint, for the start-up log: users compare it with theirs. */
  public String fingerprint() {
    return Certificates.fingerprint(certificate);
  }

  /**
   * True if {@code firstByte}, the first byte a client sent, can start a TLS handshake. A frame of
   * the chat protocol starts with the top byte of its length, 0 for any frame under 16 MiB.
   */
  public static boolean isHandshake(int firstByte) {
    return firstByte == HANDSHAKE_RECORD;
  }

  /**
   * Why a TLS connection failed, said the same on every JDK: from JDK 21 on, the JDK puts the alert
   * it sends in front, as in {@code (protocol_version) Client requested protocol TLSv1.1 is not
   * enabled}; the sentence says it already, and a log line should not change with the JDK.
   */
  public static String why(SSLException failure) {
    String message = String.valueOf(failure.getMessage());
    return message.replaceFirst("^\\([a-z_]+\\) ", "");
  }

  /**
   * TLS, as the server, over an accepted TCP connection whose first byte has been read already. The
   * handshake happens at the first read or write, on the thread that makes it; closing the returned
   * socket closes {@code tcp} too.
   */
  public SSLSocket over(Socket tcp, int firstByte) throws IOException {
    InputStream alreadyRead = new ByteArrayInputStream(new byte[] {(byte) firstByte});
    SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, alreadyRead, true);
    tls.setEnabledProtocols(PROTOCOLS.toArray(String[]::new));
    return tls;
  }

  /**
   * Closes a TLS connection made by {@link #over} without ever waiting on the peer, and returns at
   * once. TLS says goodbye with a last record (close_notify), and the JDK writes it under the lock
   * a blocked write holds: closing a connection whose peer stopped reading would wait for ever. So
   * the goodbye is said on a thread of its own, and if it has not gone within a second the TCP
   * connection under it is closed, which also ends any write that was stuck.
   */
  public static void close(SSLSocket tls, Socket tcp) {
    ConnectionThreads.shortTasks().execute(() -> closeQuietly(tls));
    CompletableFuture.delayedExecutor(
            CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS, ConnectionThreads.shortTasks())
        .execute(() -> closeQuietly(tcp));
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException alreadyGone) {
      // the connection is going away either way
    }
  }
}
