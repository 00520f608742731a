package chatroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.security.SecureRandom;

/**
 * A client from before TLS 1.2, as {@code openssl s_client -tls1_1} plays one: it offers TLS 1.1
 * and nothing newer. The JDK's own client refuses to offer a protocol its security settings
 * disable, so this one writes its ClientHello byte by byte (RFC 4346, section 7.4.1.2).
 */
public final class OldTlsClient {
  /** TLS 1.1 on the wire: SSL 3.2. */
  private static final int TLS_1_1 = 0x0302;

  private OldTlsClient() {}

  /**
   * Offers TLS 1.1 to the server on {@code port} and returns the first record it answers with (up
   * to 7 bytes, an alert's size), or fewer bytes if it hangs up first.
   */
  public static byte[] offerTls11(int port) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
      socket.getOutputStream().write(record(22, clientHello()));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      return in.readNBytes(7);
    }
  }

  /** An alert record's bytes: its level (2, fatal) and description (70, protocol_version). */
  public static boolean isProtocolVersionAlert(byte[] answer) {
    return answer.length == 7 && answer[0] == 21 && answer[5] == 2 && answer[6] == 70;
  }

  private static byte[] clientHello() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(body);
    out.writeShort(TLS_1_1); // the newest version it knows
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    out.write(random);
    out.writeByte(0); // no session to resume
    int[] suites = {0xc013, 0x002f}; // ECDHE-RSA-AES128-SHA, AES128-SHA: what TLS 1.1 offered
    out.writeShort(2 * suites.length);
    for (int suite : suites) {
      out.writeShort(suite);
    }
    out.writeByte(1); // one compression method,
    out.writeByte(0); // none
    byte[] hello = body.toByteArray();
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write(1); // handshake message type: client_hello
    message.write(new byte[] {0, (byte) (hello.length >> 8), (byte) hello.length});
    message.write(hello);
    return message.toByteArray();
  }

  private static byte[] record(int type, byte[] fragment) throws IOException {
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(record);
    out.writeByte(type);
    out.writeShort(0x0301); // the record layer of a first hello says TLS 1.0, as clients do
    out.writeShort(fragment.length);
    out.write(fragment);
    return record.toByteArray();
  }
}
