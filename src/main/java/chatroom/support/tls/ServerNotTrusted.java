package chatroom.support.tls;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Why a client refused a server's certificate, said for a person: what was seen, what it may mean,
 * and what to do. The TLS handshake fails with this as its cause; {@link #in} finds it.
 */
public final class ServerNotTrusted extends CertificateException {
  /** What was wrong. */
  public enum Reason {
    /** First contact, and nobody said yes. */
    UNKNOWN,
    /** Not the certificate remembered for this server. */
    CHANGED,
    /** Past its end date. */
    EXPIRED,
    /** Before its start date. */
    NOT_YET_VALID,
    /** Not for the host name or address the client connected to. */
    WRONG_HOST,
    /** Not signed by (nor equal to) a certificate the client was told to trust. */
    NOT_SIGNED
  }

  private final Reason reason;
  private final String server;

  private ServerNotTrusted(Reason reason, String server, String explanation) {
    super(explanation);
    this.reason = reason;
    this.server = server;
  }

  /** What was wrong. */
  public Reason reason() {
    return reason;
  }

  /** The server, {@code host:port}. */
  public String server() {
    return server;
  }

  /** The refusal in the cause chain of {@code failure}, if that is why it failed. */
  public static Optional<ServerNotTrusted> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ServerNotTrusted refusal) {
        return Optional.of(refusal);
      }
    }
    return Optional.empty();
  }

  static ServerNotTrusted unknown(String server, X509Certificate certificate) {
    return new ServerNotTrusted(
        Reason.UNKNOWN,
        server,
        "The chat server at "
            + server
            + " is new to this client, and was not trusted. Its certificate's SHA-256"
            + " fingerprint is\n  "
            + Certificates.fingerprint(certificate)
            + "\nCompare it with the one the server printed when it started. If they match,"
            + " connect again on a terminal and answer y (or pass --trust-new where nobody can"
            + " answer), or pass --trust with the server's certificate file.");
  }

  static ServerNotTrusted changed(
      String server, X509Certificate certificate, KnownServers.Entry remembered, Path file) {
    String bar = "@".repeat(66);
    return new ServerNotTrusted(
        Reason.CHANGED,
        server,
        bar
            + "\n@      WARNING: THE CHAT SERVER'S CERTIFICATE HAS CHANGED!         @\n"
            + bar
            + "\nThe server at "
            + server
            + " shows another certificate than the one it showed before.\n"
            + "Someone may be sitting between you and the server, reading everything (a"
            + " man-in-the-middle attack),\nor the server was given a new certificate.\n"
            + "  remembered: "
            + remembered.fingerprint()
            + "\n  shown now:  "
            + Certificates.fingerprint(certificate)
            + "\nNot connected. If you know why it changed (ask whoever runs the server to compare"
            + " the new fingerprint),\ndelete line "
            + remembered.line()
            + " of "
            + file.toAbsolutePath()
            + " and connect again.");
  }

  static ServerNotTrusted expired(String server, X509Certificate certificate) {
    return new ServerNotTrusted(
        Reason.EXPIRED,
        server,
        "The chat server at "
            + server
            + " shows a certificate that expired on "
            + certificate.getNotAfter().toInstant()
            + ". Not connected: an expired certificate may belong to a key that was retired or"
            + " stolen long ago. Whoever runs the server must renew it (a server that made its"
            + " own certificate does that when it starts).");
  }

  static ServerNotTrusted notYetValid(String server, X509Certificate certificate) {
    return new ServerNotTrusted(
        Reason.NOT_YET_VALID,
        server,
        "The chat server at "
            + server
            + " shows a certificate that is not valid until "
            + certificate.getNotBefore().toInstant()
            + ". Not connected. Check this computer's clock, and the server's.");
  }

  static ServerNotTrusted wrongHost(String server, String host, X509Certificate certificate) {
    return new ServerNotTrusted(
        Reason.WRONG_HOST,
        server,
        "The chat server at "
            + server
            + " shows a certificate for "
            + String.join(", ", Certificates.names(certificate))
            + ", not for "
            + host
            + ". Not connected: it may be another server pretending to be this one. Connect with"
            + " a name the certificate is for, or have one made for this name (ChatServer"
            + " --tls-name "
            + host
            + ").");
  }

  static ServerNotTrusted notSigned(String server, Path trusted, String why) {
    return new ServerNotTrusted(
        Reason.NOT_SIGNED,
        server,
        "The chat server at "
            + server
            + " shows a certificate that nothing in "
            + trusted
            + " vouches for ("
            + why
            + "). Not connected: it may be another server pretending to be this one.");
  }
}
