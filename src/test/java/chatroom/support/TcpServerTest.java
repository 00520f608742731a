package chatroom.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.testing.CapturedLog;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TcpServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final CapturedLog log = new CapturedLog();

  @Test
  void aBugInAHandlerEndsOnlyItsOwnConnectionAndTheServerGoesOn() throws Exception {
    TcpServer server =
        new TcpServer(
            TcpServerTest.class,
            (client, who) -> {
              int first = client.getInputStream().read();
              if (first == 'X') {
                throw new IllegalStateException("a bug, for the test");
              }
              client.getOutputStream().write(first);
            });
    try (server) {
      int port = server.start(0);
      try (Socket buggy = connect(port)) {
        buggy.getOutputStream().write('X');
        assertEquals(-1, buggy.getInputStream().read(), "its connection is closed");
      }
      log.awaitContaining(WAIT, "dropped after a bug in the handler");
      try (Socket fine = connect(port)) {
        fine.getOutputStream().write('A');
        assertEquals('A', fine.getInputStream().read(), "the next client is served");
      }
    }
  }

  @Test
  void overTheLimitAConnectionGetsTheRefusalAndIsClosed() throws Exception {
    TcpServer server =
        new TcpServer(TcpServerTest.class, (client, who) -> client.getInputStream().read())
            .limitConnections(1, (client, why) -> client.getOutputStream().write('!'));
    try (server) {
      int port = server.start(0);
      try (Socket first = connect(port);
          Socket second = connect(port)) {
        InputStream refused = second.getInputStream();
        assertEquals('!', refused.read());
        assertEquals(-1, refused.read());
        first.getOutputStream().write('.'); // the first one is still served: it may finish
      }
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket("localhost", port);
    socket.setSoTimeout((int) WAIT.toMillis());
    return socket;
  }
}
