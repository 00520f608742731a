package chatroom.support.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * What a person needs to know about a certificate (its fingerprint, the names it is for, when it is
 * valid), and the PEM text certificates travel in between programs.
 */
public final class Certificates {
  /** The subject alternative name types for a DNS name and an IP address (RFC 5280, 4.2.1.6). */
  private static final int DNS_NAME = 2;

  private static final int IP_ADDRESS = 7;

  private Certificates() {}

  /**
   * The SHA-256 hash of the certificate, as colon-separated hex pairs: the form browsers and {@code
   * openssl x509 -fingerprint -sha256} show, so a person can compare them by eye.
   */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);
    } catch (NoSuchAlgorithmException | CertificateException e) {
      throw new IllegalStateException("cannot hash a certificate: " + e.getMessage(), e);
    }
  }

  /**
   * The host names and IP addresses the certificate is for (its subject alternative names), as
   * written in it; IPv6 addresses in their short form.
   */
  public static List<String> names(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
      if (alternatives != null) {
        for (List<?> entry : alternatives) {
          int type = (Integer) entry.get(0);
          if (type == DNS_NAME || type == IP_ADDRESS) {
            names.add(type == IP_ADDRESS ? shortIp((String) entry.get(1)) : (String) entry.get(1));
          }
        }
      }
    } catch (CertificateParsingException unreadable) {
      // a certificate whose names cannot be read is for no name at all
    }
    return names;
  }

  /**
   * True if the certificate is for {@code host}: an IP address must be one of its addresses, a host
   * name one of its names, where {@code *.example.org} stands for any one label in front of {@code
   * example.org} (RFC 6125). The subject's common name is not read: browsers stopped doing that
   * years ago, and so do we.
   */
  public static boolean isFor(X509Certificate certificate, String host) {
    String wanted = host.toLowerCase(Locale.ROOT);
    boolean ip = isIpLiteral(wanted);
    for (String name : names(certificate)) {
      String candidate = name.toLowerCase(Locale.ROOT);
      if (ip ? sameAddress(candidate, wanted) : matchesName(candidate, wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesName(String pattern, String host) {
    if (isIpLiteral(pattern)) {
      return false;
    }
    if (!pattern.startsWith("*.")) {
      return pattern.equals(host);
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }

  private static boolean sameAddress(String a, String b) {
    if (!isIpLiteral(a)) {
      return false;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException notAnAddress) {
      return false;
    }
  }

  /** True for an IPv4 or IPv6 address written as such (never looked up). */
  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** An address as people write it: {@code ::1}, not {@code 0:0:0:0:0:0:0:1} (RFC 5952). */
  public static String shortIp(String address) {
    String literal;
    try {
      literal = InetAddress.getByName(address).getHostAddress();
    } catch (UnknownHostException notAnAddress) {
      return address;
    }
    if (!literal.contains(":")) {
      return literal;
    }
    String[] groups = literal.replaceFirst("%.*$", "").split(":");
    int bestStart = -1;
    int bestLength = 1; // a single zero group stays as it is
    for (int i = 0; i < groups.length; ) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    if (bestStart < 0) {
      return String.join(":", groups);
    }
    String before = String.join(":", List.of(groups).subList(0, bestStart));
    String after = String.join(":", List.of(groups).subList(bestStart + bestLength, groups.length));
    return before + "::" + after;
  }

  /**
   * When a certificate is valid, for a person: {@code from 2026-11-25 15:28 to 2029-02-27 15:28
   * UTC}.
   */
  public static String validity(X509Certificate certificate) {
    DateTimeFormatter minutes =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    return "from "
        + minutes.format(certificate.getNotBefore().toInstant())
        + " to "
        + minutes.format(certificate.getNotAfter().toInstant())
        + " UTC";
  }

  /**
   * Reads every certificate in a PEM file (or a DER one): a CA's certificate, or a server's own,
   * exported with {@code keytool -exportcert -rfc} or {@code openssl x509}.
   *
   * @throws IOException if the file cannot be read or holds no certificate
   */
  public static List<X509Certificate> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      List<X509Certificate> certificates = new ArrayList<>();
      for (var certificate :
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes))) {
        certificates.add((X509Certificate) certificate);
      }
      if (certificates.isEmpty()) {
        throw new IOException(file + " holds no certificate");
      }
      return certificates;
    } catch (CertificateException e) {
      throw new IOException(file + " is not a certificate in PEM form: " + e.getMessage(), e);
    }
  }

  /** The certificate as PEM text, the form {@link #read} and {@code openssl} read. */
  public static String pem(X509Certificate certificate) {
    try {
      String body =
          Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
              .encodeToString(certificate.getEncoded());
      return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateException e) {
      throw new IllegalStateException("cannot encode a certificate: " + e.getMessage(), e);
    }
  }
}
