package chatroom.support.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.ServerAddress;
import chatroom.support.tls.ServerNotTrusted.Reason;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestCertificates;
import chatroom.testing.TlsChatServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whom the client trusts, against a real chat server serving certificates made for each case: trust
 * on first use (remembered, then silent; a change refused), a CA or a pinned certificate given in a
 * file, and the certificates every client must refuse: expired, for another host, signed by nobody
 * it knows.
 */
class ClientTrustTest {
  @TempDir static Path certificates;
  static Path expired;
  static Path authority;
  static Path otherAuthority;
  static Path signedForLocalhost;
  static Path signedForElsewhere;

  @TempDir Path directory;

  @BeforeAll
  static void makeCertificates() throws IOException {
    TestCertificates make = new TestCertificates(certificates);
    expired = make.selfSigned("expired", "-3y", 30, "localhost", "127.0.0.1");
    authority = make.authority("ca");
    otherAuthority = make.authority("other-ca");
    signedForLocalhost = make.signedBy(authority, "good", "localhost", "127.0.0.1");
    signedForElsewhere = make.signedBy(authority, "elsewhere", "chat.elsewhere.example");
  }

  /** Connects once, and returns the refusal it met (failing if it was let in). */
  private static ServerNotTrusted refused(ClientTls tls, ServerAddress server) {
    SSLHandshakeException failed =
        assertThrows(SSLHandshakeException.class, () -> tls.connect(server).close());
    ServerNotTrusted refusal =
        ServerNotTrusted.in(failed).orElseThrow(() -> new AssertionError("why?", failed));
    assertEquals(
        refusal.getMessage(), ClientTls.explain(failed, server).orElseThrow(), "said as it is");
    return refusal;
  }

  @Test
  void onFirstUseTheUserIsAskedOnceThenTheServerIsTrustedWithoutAQuestion() throws Exception {
    KnownServers known = new KnownServers(directory.resolve("known_servers"));
    List<String> asked = new ArrayList<>();
    ClientTls tls =
        ClientTls.trustOnFirstUse(
            known,
            (server, certificate) -> {
              asked.add(server + " " + Certificates.fingerprint(certificate));
              return true;
            });
    try (TlsChatServer server = TlsChatServer.inDataDir(directory.resolve("data"))) {
      String fingerprint = Certificates.fingerprint(server.certificate());
      try (SSLSocket first = tls.connect(server.address())) {
        assertEquals("TLSv1.3", first.getSession().getProtocol());
      }
      String name = "localhost:" + server.port();
      assertEquals(List.of(name + " " + fingerprint), asked);
      assertEquals(fingerprint, known.find(name).orElseThrow().fingerprint());
      assertTrue(Files.readString(known.file()).contains(name + " " + fingerprint + "\n"));

      tls.connect(server.address()).close();
      ClientTls.trustOnFirstUse(known, ClientTls.REFUSE).connect(server.address()).close();
      assertEquals(1, asked.size(), "asked the first time only");
    }
  }

  @Test
  void aNewServerNobodyTrustedIsRefusedWithItsFingerprintAndNotRemembered() throws Exception {
    KnownServers known = new KnownServers(directory.resolve("known_servers"));
    try (TlsChatServer server = TlsChatServer.inDataDir(directory.resolve("data"))) {
      ServerNotTrusted refusal =
          refused(ClientTls.trustOnFirstUse(known, ClientTls.REFUSE), server.address());
      assertEquals(Reason.UNKNOWN, refusal.reason());
      assertTrue(
          refusal.getMessage().contains(Certificates.fingerprint(server.certificate())),
          refusal.getMessage());
      assertFalse(Files.exists(known.file()));
    }
  }

  @Test
  void aChangedCertificateIsRefusedLoudlyWithBothFingerprintsAndHowToForgetTheOldOne()
      throws Exception {
    KnownServers known = new KnownServers(directory.resolve("known_servers"));
    try (TlsChatServer before = TlsChatServer.inDataDir(directory.resolve("before"));
        TlsChatServer after = TlsChatServer.inDataDir(directory.resolve("after"))) {
      // The server at this address showed the first certificate last time; now it shows another.
      String name = KnownServers.key("localhost", after.port());
      known.remember(name, Certificates.fingerprint(before.certificate()));
      List<String> asked = new ArrayList<>();
      ClientTls tls =
          ClientTls.trustOnFirstUse(
              known,
              (server, certificate) -> {
                asked.add(server);
                return true;
              });

      ServerNotTrusted refusal = refused(tls, after.address());
      assertEquals(Reason.CHANGED, refusal.reason());
      String said = refusal.getMessage();
      assertTrue(said.contains("WARNING: THE CHAT SERVER'S CERTIFICATE HAS CHANGED!"), said);
      assertTrue(said.contains("man-in-the-middle"), said);
      assertTrue(said.contains("remembered: " + Certificates.fingerprint(before.certificate())));
      assertTrue(said.contains("shown now:  " + Certificates.fingerprint(after.certificate())));
      assertTrue(said.contains("delete line 3 of " + known.file().toAbsolutePath()), said);
      assertEquals(List.of(), asked, "a change is never a question");
    }
  }

  @Test
  void anExpiredCertificateIsRefusedHoweverTheServerIsTrusted() throws Exception {
    try (TlsChatServer server = TlsChatServer.serving(expired)) {
      ClientTls onFirstUse =
          ClientTls.trustOnFirstUse(
              new KnownServers(directory.resolve("known_servers")), ClientTls.ACCEPT);
      ServerNotTrusted refusal = refused(onFirstUse, server.address());
      assertEquals(Reason.EXPIRED, refusal.reason());
      assertTrue(refusal.getMessage().contains("expired on "), refusal.getMessage());

      ClientTls pinned = ClientTls.trusting(TestCertificates.pem(expired));
      assertEquals(Reason.EXPIRED, refused(pinned, server.address()).reason());
    }
  }

  @Test
  void aCaSignedCertificateIsTrustedForItsHostAndRefusedForAnother() throws Exception {
    ClientTls byAuthority = ClientTls.trusting(TestCertificates.pem(authority));
    try (TlsChatServer server = TlsChatServer.serving(signedForLocalhost)) {
      byAuthority.connect(server.address()).close();
      byAuthority.connect(new ServerAddress("127.0.0.1", server.port())).close();
      ServerNotTrusted wrongName =
          refused(byAuthority, new ServerAddress("127.0.0.2", server.port()));
      assertEquals(Reason.WRONG_HOST, wrongName.reason());
    }
    try (TlsChatServer server = TlsChatServer.serving(signedForElsewhere)) {
      ServerNotTrusted refusal = refused(byAuthority, server.address());
      assertEquals(Reason.WRONG_HOST, refusal.reason());
      assertTrue(
          refusal.getMessage().contains("for chat.elsewhere.example, not for localhost"),
          refusal.getMessage());
    }
  }

  @Test
  void aCertificateThatNothingInTheFileSignedIsRefused() throws Exception {
    try (TlsChatServer server = TlsChatServer.serving(signedForLocalhost)) {
      ClientTls other = ClientTls.trusting(TestCertificates.pem(otherAuthority));
      assertEquals(Reason.NOT_SIGNED, refused(other, server.address()).reason());
    }
  }

  @Test
  void aPinnedCertificateIsTrustedAndNoOtherIs() throws Exception {
    try (TlsChatServer pinnedServer = TlsChatServer.inDataDir(directory.resolve("one"));
        TlsChatServer other = TlsChatServer.inDataDir(directory.resolve("two"))) {
      ClientTls pinned = pinnedServer.pinned(directory);
      pinned.connect(pinnedServer.address()).close();
      ServerNotTrusted refusal = refused(pinned, new ServerAddress("localhost", other.port()));
      assertEquals(Reason.NOT_SIGNED, refusal.reason());
    }
  }

  /** The load generator's way in: engines from the same context, as java.net.http uses them. */
  @Test
  void enginesFromTheContextMakeTheSameChecks() throws Exception {
    try (TlsChatServer server = TlsChatServer.inDataDir(directory.resolve("data"));
        TlsChatServer other = TlsChatServer.inDataDir(directory.resolve("other"))) {
      server.startWeb();
      other.startWeb();
      HttpClient pinned =
          HttpClient.newBuilder().sslContext(server.pinned(directory).context()).build();
      URI page = URI.create("https://localhost:" + server.webPort() + "/");
      HttpResponse<String> answer =
          pinned.send(
              HttpRequest.newBuilder(page).timeout(ChatServerFixture.WAIT).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());

      URI impostor = URI.create("https://localhost:" + other.webPort() + "/");
      IOException refused =
          assertThrows(
              IOException.class,
              () ->
                  pinned.send(
                      HttpRequest.newBuilder(impostor).timeout(ChatServerFixture.WAIT).build(),
                      HttpResponse.BodyHandlers.ofString()));
      assertEquals(Reason.NOT_SIGNED, ServerNotTrusted.in(refused).orElseThrow().reason());
    }
  }
}
