package chatroom.chat.server;

import chatroom.support.tls.Certificates;
import chatroom.support.tls.SelfSignedCertificate;
import chatroom.support.tls.ServerTls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's key and certificate, from its options: the keystore given with {@code
 * --tls-keystore}, or a self-signed certificate kept in {@code --data-dir}'s {@value #DIRECTORY}
 * folder, made on the first start with {@code --tls}.
 */
final class TlsSetup {
  private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

  /** Where in the data directory the self-signed key and certificate are kept. */
  static final String DIRECTORY = "tls";

  private TlsSetup() {}

  /**
   * Loads (or makes) the key and certificate and logs what clients will be shown.
   *
   * @param environment looks up environment variables: {@code --tls-keystore}'s password is one
   * @throws IOException saying what is wrong, for the one line the server prints before it stops
   */
  static ServerTls load(ServerOptions options, UnaryOperator<String> environment)
      throws IOException {
    if (options.tlsKeystore().isPresent()) {
      Path file = options.tlsKeystore().get();
      String password = environment.apply(ServerOptions.TLS_PASSWORD_VARIABLE);
      if (password == null) {
        throw new IOException(
            "--tls-keystore needs the keystore's password in the environment variable "
                + ServerOptions.TLS_PASSWORD_VARIABLE);
      }
      ServerTls tls = ServerTls.fromKeyStore(file, password.toCharArray());
      Instant end = tls.certificate().getNotAfter().toInstant();
      if (end.isBefore(Instant.now().plus(SelfSignedCertificate.RENEW_BEFORE))) {
        log.warn("The certificate in {} ends on {}: clients refuse it once it has", file, end);
      }
      logCertificate(tls, file);
      return tls;
    }
    Path directory = options.dataDir().resolve(DIRECTORY);
    SelfSignedCertificate.Kept kept =
        SelfSignedCertificate.ensure(directory, names(options), Clock.systemUTC());
    if (SelfSignedCertificate.FIRST.equals(kept.madeBecause())) {
      log.info("Made a key and a self-signed certificate in {}", directory);
    } else if (kept.madeBecause() != null) {
      log.warn(
          "Made a new self-signed certificate in {}, because {}: clients that trusted the old one"
              + " will refuse this one until they are told",
          directory,
          kept.madeBecause());
    }
    ServerTls tls = ServerTls.fromKeyStore(kept.keystore(), kept.password());
    logCertificate(tls, kept.pem());
    return tls;
  }

  /**
   * The names a self-signed certificate is for: this machine by its loopback names, the address the
   * server is bound to (and the host name it was given as), and the {@code --tls-name}s.
   */
  static List<String> names(ServerOptions options) {
    Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
    options
        .bind()
        .filter(address -> !address.isAnyLocalAddress())
        .ifPresent(address -> names.addAll(namesOf(address)));
    names.addAll(options.tlsNames());
    return new ArrayList<>(names);
  }

  /** The address, and the name it was given as (kept by InetAddress, never looked up). */
  private static List<String> namesOf(InetAddress address) {
    List<String> names = new ArrayList<>();
    String given = address.toString(); // "name/address", or "/address" for a literal
    int slash = given.indexOf('/');
    if (slash > 0) {
      names.add(given.substring(0, slash).toLowerCase(Locale.ROOT));
    }
    names.add(Certificates.shortIp(address.getHostAddress().replaceFirst("%.*$", "")));
    return names;
  }

  private static void logCertificate(ServerTls tls, Path file) {
    log.info(
        "TLS certificate for {}, SHA-256 fingerprint {} ({})",
        String.join(", ", Certificates.names(tls.certificate())),
        tls.fingerprint(),
        file);
  }
}
