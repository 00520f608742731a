package chatroom.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.TcpServer;
import chatroom.testing.TestThreads;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EchoClientTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int runClient(String input, String... args) {
    return EchoClient.run(
        args,
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Nested
  class AgainstTheEchoServer {
    @Test
    void printsTheReplyToEachTypedLine() throws IOException {
      try (TcpServer server = EchoServer.create()) {
        int port = server.start(0);
        int status = runClient("hello\nsecond line\nexit\n", "localhost", String.valueOf(port));
        assertEquals(0, status);
        assertTrue(output().contains("echo: hello\necho: second line\nBye."), output());
      }
    }
  }

  @Nested
  class Stopping {
    @Test
    void stopsAtExitSendsNothingAfterItAndClosesTheSocket() throws Exception {
      try (RecordingServer server = new RecordingServer()) {
        int status = runClient("first\nexit\nnever sent\n", "localhost", server.port());
        assertEquals(0, status);
        assertEquals(List.of("first"), server.linesUntilClosed());
      }
    }

    @Test
    void stopsAtEndOfInputAndClosesTheSocket() throws Exception {
      try (RecordingServer server = new RecordingServer()) {
        int status = runClient("only line\n", "localhost", server.port());
        assertEquals(0, status);
        assertEquals(List.of("only line"), server.linesUntilClosed());
        assertTrue(output().endsWith("Bye.\n"), output());
      }
    }

    @Test
    void saysSoWhenTheServerHangsUp() throws Exception {
      try (ServerSocket rude = new ServerSocket(0)) {
        CompletableFuture<Void> hangUp =
            CompletableFuture.runAsync(
                () -> {
                  try (Socket s = rude.accept()) {
                    s.getInputStream().read(); // wait for the first byte, then hang up
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                },
                TestThreads.NEW_THREAD);
        int status = runClient("anyone there?\n", "localhost", String.valueOf(rude.getLocalPort()));
        hangUp.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, status);
        assertTrue(output().contains("The server closed the connection."), output());
      }
    }
  }

  @Nested
  class Errors {
    @Test
    void aServerThatIsDownGivesOneLineAndStatusOne() throws IOException {
      int freePort;
      try (ServerSocket probe = new ServerSocket(0)) {
        freePort = probe.getLocalPort(); // closed again below, so nothing listens there
      }
      int status = runClient("", "localhost", String.valueOf(freePort));
      assertEquals(1, status);
      assertEquals(
          "Cannot connect to localhost:" + freePort + " (is the echo server running?)\n",
          err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBadPortGivesUsageAndStatusTwo() {
      assertEquals(2, runClient("", "localhost", "eighty"));
      assertTrue(
          err.toString(StandardCharsets.UTF_8).startsWith("Usage: EchoClient [host] [port]"));
    }
  }

  /** A stand-in server that echoes and records every line until the client closes. */
  private static final class RecordingServer implements AutoCloseable {
    private final ServerSocket listener = new ServerSocket(0);
    private final CompletableFuture<List<String>> lines;

    RecordingServer() throws IOException {
      lines = CompletableFuture.supplyAsync(this::record, TestThreads.NEW_THREAD);
    }

    String port() {
      return String.valueOf(listener.getLocalPort());
    }

    private List<String> record() {
      List<String> seen = new ArrayList<>();
      try (Socket s = listener.accept()) {
        s.setSoTimeout((int) WAIT.toMillis());
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        Writer reply = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) { // null: the client closed its socket
          seen.add(line);
          reply.write(line + "\n");
          reply.flush();
        }
        return seen;
      } catch (IOException e) {
        throw new IllegalStateException("client did not close cleanly", e);
      }
    }

    /** Lines received, once the client has closed the connection (bounded wait). */
    List<String> linesUntilClosed() throws Exception {
      return lines.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
