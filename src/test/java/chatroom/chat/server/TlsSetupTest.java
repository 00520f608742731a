package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.support.ServerAddress;
import chatroom.support.tls.Certificates;
import chatroom.support.tls.ClientTls;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.ServerProcess;
import chatroom.testing.TestCertificates;
import chatroom.testing.TestRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the server's key comes from: a keystore an operator gives, its password in the environment
 * (a server run as a learner would run it), or a certificate the server makes for the names it
 * answers to.
 */
class TlsSetupTest {
  @TempDir Path directory;

  @Test
  void aKeystoreIsServedWithThePasswordFromTheEnvironmentAndItsFingerprintIsLogged()
      throws Exception {
    Path keystore =
        new TestCertificates(directory).selfSigned("operator", "-1d", 30, "localhost", "127.0.0.1");
    String fingerprint =
        Certificates.fingerprint(Certificates.read(TestCertificates.pem(keystore)).get(0));
    try (ServerProcess server =
        new ServerProcess(
            Map.of(ServerOptions.TLS_PASSWORD_VARIABLE, TestCertificates.PASSWORD),
            List.of(),
            "--tls",
            "--tls-keystore",
            keystore.toString(),
            "--redis",
            TestRedis.uri())) {
      server.awaitLine(
          Pattern.compile(
              "TLS certificate for localhost, 127.0.0.1, SHA-256 fingerprint "
                  + fingerprint
                  + " \\("
                  + Pattern.quote(keystore.toString())
                  + "\\)"));
      server.awaitLine(Pattern.compile("Chat server listening on port \\d+ with TLS"));
      ClientTls pinned = ClientTls.trusting(TestCertificates.pem(keystore));
      try (SSLSocket socket = pinned.connect(new ServerAddress("localhost", server.port()))) {
        assertEquals("TLSv1.3", socket.getSession().getProtocol());
      }
    }
  }

  @Test
  void withoutThePasswordInTheEnvironmentTheServerSaysWhereItBelongsAndStops() throws Exception {
    Path keystore = new TestCertificates(directory).selfSigned("operator", "-1d", 30, "localhost");
    List<String> command = ServerProcess.javaCommand(List.of(), ChatServer.class.getName());
    command.addAll(
        List.of(
            "--port",
            "0",
            "--tls",
            "--tls-keystore",
            keystore.toString(),
            "--redis",
            TestRedis.uri()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove(ServerOptions.TLS_PASSWORD_VARIABLE);
    ServerProcess.Ended ended = ServerProcess.runToEnd(builder);
    assertEquals(1, ended.status(), ended.output());
    assertEquals(
        "Cannot set up TLS: --tls-keystore needs the keystore's password in the environment"
            + " variable CHAT_TLS_PASSWORD",
        ended.output().strip(),
        "one line, before anything starts");
  }

  /** The option as a learner gives it, read by the server's main: not only the method it calls. */
  @Test
  void withPlainPortTheTutorialsClientsKeepAnUnencryptedPortBesideTheTlsOne() throws Exception {
    try (ServerProcess server =
        new ServerProcess(
            List.of(),
            "--tls",
            "--plain-port",
            "0",
            "--data-dir",
            directory.toString(),
            "--redis",
            TestRedis.uri())) {
      int plain =
          Integer.parseInt(
              server
                  .awaitLine(
                      Pattern.compile(
                          "Unencrypted chat, for the Go tutorial's clients, on port (\\d+)"))
                  .group(1));
      try (GoTutorialClient tutorial = new GoTutorialClient(plain)) {
        assertEquals(200, tutorial.register(150, "pw-150", "Tutorial").code());
        assertEquals(200, tutorial.login(150, "pw-150").code());
      }
      try (GoTutorialClient onTheTlsPort = new GoTutorialClient(server.port())) {
        assertEquals(426, onTheTlsPort.login(150, "pw-150").code(), "the TLS port stays TLS");
      }
    }
  }

  @Test
  void theMadeCertificateIsForThisMachineTheBindAddressAndEveryTlsName() {
    assertEquals(
        List.of("localhost", "127.0.0.1", "::1"), TlsSetup.names(ServerOptions.parse("--tls")));
    assertEquals(
        List.of("localhost", "127.0.0.1", "::1", "10.1.2.3", "chat.lan"),
        TlsSetup.names(
            ServerOptions.parse("--tls", "--bind", "10.1.2.3", "--tls-name", "Chat.LAN")));
    assertEquals(
        List.of("localhost", "127.0.0.1", "::1"),
        TlsSetup.names(ServerOptions.parse("--tls", "--bind", "localhost")),
        "a name already there");
    assertEquals(
        List.of("localhost", "127.0.0.1", "::1"),
        TlsSetup.names(ServerOptions.parse("--tls", "--bind", "0.0.0.0")),
        "every address: no one address to name");
  }
}
