package chatroom.testing;

import chatroom.support.tls.Certificates;
import chatroom.support.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Keys and certificates made for a test with the JDK's own keytool, as an operator would make them:
 * self-signed ones with chosen names and dates (expired, for another host), and a test CA with the
 * certificates it signs. Each keystore is a PKCS12 file with the password {@link #PASSWORD}, and
 * its certificate is written beside it as PEM ({@link #pem}).
 */
public final class TestCertificates {
  /** Every keystore's password. */
  public static final String PASSWORD = "test-password";

  private final Path directory;

  /** Makes its files in {@code directory}. */
  public TestCertificates(Path directory) {
    this.directory = directory;
  }

  /**
   * A self-signed key and certificate for {@code names}, valid from {@code start} (keytool's {@code
   * -startdate}: {@code -1d}, or {@code -3y} for one long expired) for {@code days} days.
   */
  public Path selfSigned(String file, String start, int days, String... names) throws IOException {
    Path keystore = directory.resolve(file + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + names[0],
        "-startdate",
        start,
        "-validity",
        String.valueOf(days),
        "-ext",
        "SAN=" + san(names),
        "-keystore",
        keystore.toString());
    writePem(keystore, "server");
    return keystore;
  }

  /** A certificate authority: its keystore, with its certificate beside it as PEM. */
  public Path authority(String file) throws IOException {
    Path keystore = directory.resolve(file + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=Test CA " + file,
        "-startdate",
        "-1d",
        "-validity",
        "365",
        "-ext",
        "BC:c=ca:true",
        "-ext",
        "KU:c=keyCertSign,cRLSign",
        "-keystore",
        keystore.toString());
    writePem(keystore, "ca");
    return keystore;
  }

  /**
   * A server key with a certificate for {@code names} signed by {@code authority} (made by {@link
   * #authority}); its keystore holds the chain, as a server needs it.
   */
  public Path signedBy(Path authority, String file, String... names) throws IOException {
    Path keystore = directory.resolve(file + ".p12");
    Path request = directory.resolve(file + ".csr");
    Path signed = directory.resolve(file + ".signed.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=" + names[0],
        "-keystore",
        keystore.toString());
    keytool(
        "-certreq", "-alias", "server", "-keystore", keystore.toString(), "-file", "" + request);
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        authority.toString(),
        "-infile",
        request.toString(),
        "-outfile",
        signed.toString(),
        "-rfc",
        "-startdate",
        "-1d",
        "-validity",
        "30",
        "-ext",
        "SAN=" + san(names),
        "-ext",
        "EKU=serverAuth");
    keytool(
        "-importcert",
        "-alias",
        "ca",
        "-keystore",
        keystore.toString(),
        "-file",
        pem(authority).toString());
    keytool(
        "-importcert",
        "-alias",
        "server",
        "-keystore",
        keystore.toString(),
        "-file",
        signed.toString());
    writePem(keystore, "server");
    return keystore;
  }

  /** The PEM file beside a keystore made here: its key's certificate. */
  public static Path pem(Path keystore) {
    return keystore.resolveSibling(keystore.getFileName().toString().replace(".p12", ".pem"));
  }

  /** What a server serves with the key in {@code keystore}. */
  public static ServerTls serverTls(Path keystore) throws IOException {
    return ServerTls.fromKeyStore(keystore, PASSWORD.toCharArray());
  }

  private static void writePem(Path keystore, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, PASSWORD.toCharArray());
      X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
      Files.writeString(pem(keystore), Certificates.pem(certificate), StandardCharsets.US_ASCII);
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String san(String... names) {
    List<String> entries = new ArrayList<>();
    for (String name : names) {
      boolean ip = name.contains(":") || name.matches("[0-9.]+");
      entries.add((ip ? "ip:" : "dns:") + name);
    }
    return String.join(",", entries);
  }

  private static void keytool(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        keytool.destroyForcibly();
        throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
