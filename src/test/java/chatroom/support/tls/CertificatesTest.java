package chatroom.support.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints, names and PEM files, on certificates made by keytool. */
class CertificatesTest {
  @TempDir static Path directory;
  static X509Certificate localhost;
  static X509Certificate wildcard;

  @BeforeAll
  static void makeCertificates() throws Exception {
    TestCertificates make = new TestCertificates(directory);
    Path one = make.selfSigned("one", "-1d", 30, "localhost", "127.0.0.1", "::1");
    Path two = make.selfSigned("two", "-1d", 30, "*.chat.example", "10.0.0.5");
    localhost = Certificates.read(TestCertificates.pem(one)).get(0);
    wildcard = Certificates.read(TestCertificates.pem(two)).get(0);
  }

  @Test
  void theFingerprintIsTheSha256OfTheCertificateInColonSeparatedHex() throws Exception {
    byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(localhost.getEncoded());
    String fingerprint = Certificates.fingerprint(localhost);
    assertEquals(32 * 3 - 1, fingerprint.length());
    assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
    assertEquals(String.format("%02X", hash[0]), fingerprint.substring(0, 2));
    assertEquals(String.format("%02X", hash[31]), fingerprint.substring(93));
  }

  @Test
  void namesAreTheSubjectAlternativeNamesWithIpv6Shortened() {
    assertEquals(List.of("localhost", "127.0.0.1", "::1"), Certificates.names(localhost));
    assertEquals("::1", Certificates.shortIp("0:0:0:0:0:0:0:1"));
    assertEquals("fe80::1:0:0:2", Certificates.shortIp("fe80:0:0:0:1:0:0:2"));
    assertEquals("2001:db8::", Certificates.shortIp("2001:db8:0:0:0:0:0:0"));
    assertEquals("1:2:3:4:5:6:7:8", Certificates.shortIp("1:2:3:4:5:6:7:8"));
  }

  @Test
  void aCertificateIsForItsNamesAndAddressesOnly() {
    assertTrue(Certificates.isFor(localhost, "localhost"));
    assertTrue(Certificates.isFor(localhost, "LOCALHOST"));
    assertTrue(Certificates.isFor(localhost, "127.0.0.1"));
    assertTrue(Certificates.isFor(localhost, "0:0:0:0:0:0:0:1"));
    assertFalse(Certificates.isFor(localhost, "127.0.0.2"));
    assertFalse(Certificates.isFor(localhost, "localhost.example"));
  }

  @Test
  void aWildcardStandsForOneLabelExactly() {
    assertTrue(Certificates.isFor(wildcard, "a.chat.example"));
    assertFalse(Certificates.isFor(wildcard, "chat.example"));
    assertFalse(Certificates.isFor(wildcard, "a.b.chat.example"));
    assertTrue(Certificates.isFor(wildcard, "10.0.0.5"));
    assertFalse(Certificates.isFor(wildcard, "10.0.0.6"));
  }

  @Test
  void pemWrittenIsPemRead() throws Exception {
    Path file = directory.resolve("again.pem");
    Files.writeString(file, Certificates.pem(localhost) + Certificates.pem(wildcard));
    assertEquals(List.of(localhost, wildcard), Certificates.read(file));
  }
}
