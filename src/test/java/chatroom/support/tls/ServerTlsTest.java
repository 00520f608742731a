package chatroom.support.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** What the server says about a TLS connection that failed, whichever JDK runs it. */
class ServerTlsTest {
  @Test
  void whyATlsConnectionFailedReadsTheSameOnEveryJdk() {
    String sentence =
        "Client requested protocol TLSv1.1 is not enabled or supported in server context";
    assertEquals(sentence, ServerTls.why(new SSLHandshakeException(sentence)), "JDK 17");
    assertEquals(
        sentence,
        ServerTls.why(new SSLHandshakeException("(protocol_version) " + sentence)),
        "JDK 21 and later name the alert first");
    assertEquals(
        "Received fatal alert: certificate_unknown",
        ServerTls.why(new SSLHandshakeException("Received fatal alert: certificate_unknown")));
  }
}
