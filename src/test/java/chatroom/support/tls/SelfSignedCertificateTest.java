package chatroom.support.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's own certificate: made once with keytool, then kept until it must change. */
class SelfSignedCertificateTest {
  static final List<String> NAMES = List.of("localhost", "127.0.0.1", "::1");

  @TempDir Path directory;

  private static Clock at(Instant instant) {
    return Clock.fixed(instant, ZoneOffset.UTC);
  }

  private static X509Certificate certificate(SelfSignedCertificate.Kept kept) throws Exception {
    return ServerTls.fromKeyStore(kept.keystore(), kept.password()).certificate();
  }

  @Test
  void madeOnFirstUseForEveryNameAndKeptOnlyForItsOwner() throws Exception {
    SelfSignedCertificate.Kept kept =
        SelfSignedCertificate.ensure(directory, NAMES, Clock.systemUTC());
    assertEquals(SelfSignedCertificate.FIRST, kept.madeBecause());
    X509Certificate made = certificate(kept);
    assertEquals(NAMES, Certificates.names(made));
    assertEquals(made, Certificates.read(kept.pem()).get(0), "the PEM file is the same one");
    Duration valid =
        Duration.between(made.getNotBefore().toInstant(), made.getNotAfter().toInstant());
    assertEquals(SelfSignedCertificate.VALIDITY_DAYS, valid.toDays());
    assertTrue(made.getNotBefore().toInstant().isBefore(Instant.now().minus(Duration.ofHours(23))));
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rwx------", perms(directory));
      assertEquals("rw-------", perms(kept.keystore()));
      assertEquals("rw-------", perms(directory.resolve(SelfSignedCertificate.PASSWORD)));
      assertEquals("rw-r--r--", perms(kept.pem()));
    }
  }

  @Test
  void keptAcrossStartsSoClientsSeeTheSameCertificate() throws Exception {
    X509Certificate first =
        certificate(SelfSignedCertificate.ensure(directory, NAMES, Clock.systemUTC()));
    SelfSignedCertificate.Kept again =
        SelfSignedCertificate.ensure(directory, List.of("localhost"), Clock.systemUTC());
    assertNull(again.madeBecause());
    assertEquals(first, certificate(again));
  }

  @Test
  void madeAgainWhenANameIsMissingOrTheEndIsNear() throws Exception {
    X509Certificate first =
        certificate(SelfSignedCertificate.ensure(directory, NAMES, Clock.systemUTC()));

    SelfSignedCertificate.Kept named =
        SelfSignedCertificate.ensure(
            directory, List.of("localhost", "chat.lan"), Clock.systemUTC());
    assertEquals("the one kept is not for chat.lan", named.madeBecause());
    X509Certificate second = certificate(named);
    assertNotEquals(first, second);
    assertEquals(List.of("localhost", "chat.lan"), Certificates.names(second));

    Instant nearTheEnd = second.getNotAfter().toInstant().minus(Duration.ofDays(10));
    SelfSignedCertificate.Kept renewed =
        SelfSignedCertificate.ensure(directory, List.of("localhost"), at(nearTheEnd));
    assertTrue(renewed.madeBecause().startsWith("the one kept expires on "), renewed.madeBecause());
    assertNotEquals(second, certificate(renewed));
  }

  private static String perms(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
