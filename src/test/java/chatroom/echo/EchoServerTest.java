package chatroom.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.TcpServer;
import chatroom.testing.CapturedLog;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EchoServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension final CapturedLog log = new CapturedLog();

  private TcpServer server;
  private int port;

  @BeforeEach
  void startServer() throws IOException {
    server = EchoServer.create();
    port = server.start(0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Nested
  class ManyClients {
    @Test
    void severalClientsAtOnceEachGetExactlyTheirOwnLinesBack() throws Exception {
      int clients = 12;
      int linesEach = 200;
      CyclicBarrier allConnected = new CyclicBarrier(clients);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<List<String>>> replies = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          String name = "client-" + c;
          replies.add(
              pool.submit(
                  () -> {
                    try (LineConnection conn = new LineConnection(port)) {
                      allConnected.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                      List<String> got = new ArrayList<>();
                      for (int i = 0; i < linesEach; i++) {
                        got.add(conn.exchange(name + " line " + i));
                      }
                      return got;
                    }
                  }));
        }
        for (int c = 0; c < clients; c++) {
          List<String> expected = new ArrayList<>();
          for (int i = 0; i < linesEach; i++) {
            expected.add("client-" + c + " line " + i);
          }
          assertEquals(expected, replies.get(c).get(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }

    @Test
    void unicodeAndCarriageReturnLineEndingsComeBackAsTyped() throws IOException {
      try (LineConnection conn = new LineConnection(port)) {
        conn.send("héllo wörld ✓\r\n");
        assertEquals("héllo wörld ✓", conn.receive());
      }
    }
  }

  @Nested
  class MisbehavingClients {
    @Test
    void aClientThatVanishesMidLineDoesNotDisturbTheOthers() throws Exception {
      try (LineConnection bystander = new LineConnection(port)) {
        assertEquals("before", bystander.exchange("before"));

        Socket vandal = new Socket("localhost", port);
        String vandalAddress = "/127.0.0.1:" + vandal.getLocalPort();
        vandal.getOutputStream().write("half a li".getBytes(StandardCharsets.UTF_8));
        vandal.getOutputStream().flush();
        vandal.setSoLinger(true, 0); // close with a reset, as a crashed client would
        vandal.close();
        log.awaitContaining(WAIT, vandalAddress + " left");

        assertEquals("after", bystander.exchange("after"));
        try (LineConnection newcomer = new LineConnection(port)) {
          assertEquals("still open", newcomer.exchange("still open"));
        }
      }
    }

    @Test
    void aLineLongerThanTheLimitDropsOnlyThatClient() throws Exception {
      try (LineConnection bystander = new LineConnection(port);
          LineConnection vandal = new LineConnection(port)) {
        vandal.send("x".repeat(EchoServer.MAX_LINE_CHARS + 1));
        assertNull(vandal.receiveOrNullWhenClosed(), "the server hangs up on an endless line");
        log.awaitContaining(WAIT, "line longer than " + EchoServer.MAX_LINE_CHARS);
        assertEquals("fine", bystander.exchange("fine"));
      }
    }

    @Test
    void aLineOfExactlyTheLimitIsStillEchoed() throws IOException {
      try (LineConnection conn = new LineConnection(port)) {
        String longest = "y".repeat(EchoServer.MAX_LINE_CHARS);
        assertEquals(longest, conn.exchange(longest));
      }
    }
  }

  @Nested
  class Logging {
    @Test
    void logsEachLineWithTheClientAddressAndWhenTheClientLeaves() throws Exception {
      String address;
      try (LineConnection conn = new LineConnection(port)) {
        address = "/127.0.0.1:" + conn.localPort();
        conn.exchange("hello log");
        log.awaitContaining(WAIT, address + " connected");
        log.awaitContaining(WAIT, address + " says: hello log");
      }
      log.awaitContaining(WAIT, address + " left");
    }
  }

  @Nested
  class Closing {
    @Test
    void closeHangsUpOnClientsAndFreesThePort() throws IOException {
      LineConnection conn = new LineConnection(port);
      conn.exchange("hi");
      server.close();
      assertNull(conn.receiveOrNullWhenClosed());
      conn.close();

      TcpServer again = EchoServer.create();
      try {
        assertEquals(port, again.start(port), "the port is free again at once");
      } finally {
        again.close();
      }
    }
  }

  @Nested
  class ReadLine {
    @Test
    void stripsLineEndingsAndKeepsALastLineWithoutOne() throws IOException {
      BufferedReader in = new BufferedReader(new StringReader("one\r\ntwo\nthree"));
      assertEquals("one", EchoServer.readLine(in));
      assertEquals("two", EchoServer.readLine(in));
      assertEquals("three", EchoServer.readLine(in));
      assertNull(EchoServer.readLine(in));
    }

    @Test
    void refusesALineOverTheLimit() {
      String endless = "z".repeat(EchoServer.MAX_LINE_CHARS + 1) + "\n";
      BufferedReader in = new BufferedReader(new StringReader(endless));
      assertThrows(LineTooLongException.class, () -> EchoServer.readLine(in));
    }
  }

  /** A test client that speaks the echo protocol one line at a time. */
  static final class LineConnection implements AutoCloseable {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    LineConnection(int port) throws IOException {
      socket = new Socket("localhost", port);
      socket.setSoTimeout((int) WAIT.toMillis()); // a missing reply fails the test, never hangs it
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    String receive() throws IOException {
      return in.readLine();
    }

    String exchange(String line) throws IOException {
      send(line + "\n");
      return receive();
    }

    /** Reads until the server closes; null means it closed without sending a line. */
    String receiveOrNullWhenClosed() throws IOException {
      try {
        return in.readLine();
      } catch (SocketException reset) {
        return null; // a reset is also a hang-up
      }
    }

    int localPort() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** What {@code main} does when it cannot start: one line, and a status a script can test. */
  @Nested
  class ExitStatus {
    @Test
    void aPortInUseGivesOneLineAndStatusOne() throws Exception {
      try (ServerSocket taken = new ServerSocket(0)) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int port = taken.getLocalPort();
        int status =
            EchoServer.run(
                new String[] {String.valueOf(port)},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("Cannot listen on port " + port + ": "), said);
        assertEquals(1, said.lines().count(), said);
      }
    }

    @Test
    void aBadPortGivesUsageAndStatusTwo() throws Exception {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(
          2,
          EchoServer.run(
              new String[] {"eighty"}, new PrintStream(err, true, StandardCharsets.UTF_8)));
      assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage: EchoServer [port]"));
    }
  }
}
