package chatroom.support.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server's own key and a certificate signed by that key, made on first start with the JDK's
 * {@code keytool} and kept in a directory, so that it stays the same across restarts: clients
 * remember it. No certificate authority is involved, so no client trusts it until a person says so
 * (trust on first use, or the certificate handed out as a file).
 *
 * <p>The directory holds {@value #KEYSTORE} (the key and certificate, PKCS12), {@value #PASSWORD}
 * (its password) and {@value #PEM} (the certificate alone, to give to clients). Only the server's
 * user may read the first two: that, not the password beside it, is what keeps the key secret.
 */
public final class SelfSignedCertificate {
  /** The key and certificate. */
  public static final String KEYSTORE = "server.p12";

  /** The keystore's password, random, made with it. */
  public static final String PASSWORD = "keystore-password";

  /** The certificate in PEM form, for {@code --trust}, {@code openssl} or a browser. */
  public static final String PEM = "server.pem";

  /**
   * The longest validity Apple's systems accept for a server certificate; browsers and clients
   * check the dates, so the server makes a new one before this runs out.
   */
  public static final int VALIDITY_DAYS = 825;

  /** A certificate this close to its end is replaced at start-up rather than left to expire. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** {@link Kept#madeBecause} when the directory held no certificate yet. */
  public static final String FIRST = "there was none";

  private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

  /** The variable keytool reads the new keystore's password from: not its command line. */
  private static final String PASSWORD_VARIABLE = "CHAT_NEW_KEYSTORE_PASSWORD";

  /**
   * A keystore in the directory, ready to load.
   *
   * @param keystore the PKCS12 file
   * @param password its password
   * @param pem the certificate alone, in PEM form
   * @param madeBecause why a new certificate was made now, or null if the one kept was used
   */
  public record Kept(Path keystore, char[] password, Path pem, String madeBecause) {}

  private SelfSignedCertificate() {}

  /**
   * The certificate kept in {@code directory}, or a new one if there is none yet, if the one there
   * ends within {@link #RENEW_BEFORE}, or if it lacks one of {@code names} (a new {@code --bind}
   * address, say).
   *
   * @param names the host names and IP addresses the certificate must be for; the first is also its
   *     subject
   * @throws IOException if the directory cannot be used or keytool fails
   */
  public static Kept ensure(Path directory, List<String> names, Clock clock) throws IOException {
    Path keystore = directory.resolve(KEYSTORE);
    Path passwordFile = directory.resolve(PASSWORD);
    Path pem = directory.resolve(PEM);
    String reason = FIRST;
    if (Files.exists(keystore) && Files.exists(passwordFile)) {
      char[] password =
          Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray();
      X509Certificate kept = certificateIn(keystore, password);
      reason = replaceBecause(kept, names, clock.instant());
      if (reason == null) {
        if (!Files.exists(pem)) {
          writeReadableByAll(pem, Certificates.pem(kept));
        }
        return new Kept(keystore, password, pem, null);
      }
    }
    make(directory, names);
    return new Kept(
        keystore,
        Files.readString(passwordFile, StandardCharsets.UTF_8).strip().toCharArray(),
        pem,
        reason);
  }

  /** Why the kept certificate must be replaced, or null if it may stay. */
  private static String replaceBecause(X509Certificate kept, List<String> names, Instant now) {
    Instant end = kept.getNotAfter().toInstant();
    if (end.isBefore(now.plus(RENEW_BEFORE))) {
      return "the one kept " + (end.isBefore(now) ? "expired" : "expires") + " on " + end;
    }
    for (String name : names) {
      if (!Certificates.isFor(kept, name)) {
        return "the one kept is not for " + name;
      }
    }
    return null;
  }

  /** The certificate of the one key in a keystore. */
  static X509Certificate certificateIn(Path keystore, char[] password) throws IOException {
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      for (String alias : Collections.list(store.aliases())) {
        if (store.isKeyEntry(alias)) {
          return (X509Certificate) store.getCertificate(alias);
        }
      }
      throw new IOException(keystore + " holds no key");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read " + keystore + ": " + e.getMessage(), e);
    }
  }

  /** Makes a new key and certificate with keytool, each file written whole before it is used. */
  private static void make(Path directory, List<String> names) throws IOException {
    createPrivateDirectory(directory);
    String password = randomPassword();
    Path newKeystore = directory.resolve(KEYSTORE + ".new");
    Files.deleteIfExists(newKeystore);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(
        List.of(
            "-genkeypair",
            "-alias",
            "chat-server",
            // An elliptic-curve key: as strong as RSA-3072, and its handshakes cost far less.
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-sigalg",
            "SHA256withECDSA",
            "-dname",
            "CN=" + names.get(0),
            // Valid from a day ago, so that a client whose clock is a little behind accepts it.
            "-startdate",
            "-1d",
            "-validity",
            String.valueOf(VALIDITY_DAYS),
            "-ext",
            "SAN=" + subjectAlternativeNames(names),
            "-ext",
            "EKU=serverAuth",
            "-ext",
            "KU=digitalSignature",
            "-keystore",
            newKeystore.toString(),
            "-storetype",
            "PKCS12",
            "-storepass:env",
            PASSWORD_VARIABLE,
            "-noprompt"));
    run(command, password);
    restrictToOwner(newKeystore);
    Path newPassword = directory.resolve(PASSWORD + ".new");
    writeOwnerOnly(newPassword, password + "\n");
    Files.move(newPassword, directory.resolve(PASSWORD), StandardCopyOption.REPLACE_EXISTING);
    Files.move(newKeystore, directory.resolve(KEYSTORE), StandardCopyOption.REPLACE_EXISTING);
    X509Certificate made = certificateIn(directory.resolve(KEYSTORE), password.toCharArray());
    writeReadableByAll(directory.resolve(PEM), Certificates.pem(made));
  }

  /** keytool's form: {@code dns:localhost,ip:127.0.0.1,ip:::1}. */
  private static String subjectAlternativeNames(List<String> names) {
    List<String> entries = new ArrayList<>();
    for (String name : names) {
      entries.add((Certificates.isIpLiteral(name) ? "ip:" : "dns:") + name);
    }
    return String.join(",", entries);
  }

  private static void run(List<String> command, String password) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put(PASSWORD_VARIABLE, password);
    Process keytool = builder.start();
    String output;
    try (InputStream out = keytool.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!keytool.waitFor(KEYTOOL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        keytool.destroyForcibly();
        throw new IOException(
            "keytool did not finish within " + KEYTOOL_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      keytool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while keytool made a certificate", e);
    }
    if (keytool.exitValue() != 0) {
      throw new IOException("keytool could not make a certificate: " + output);
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static void createPrivateDirectory(Path directory) throws IOException {
    Files.createDirectories(directory);
    if (posix()) {
      Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
    }
  }

  private static void restrictToOwner(Path file) throws IOException {
    if (posix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  private static void writeOwnerOnly(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file);
    restrictToOwner(file); // before the secret goes in
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void writeReadableByAll(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
    if (posix()) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }
  }
}
