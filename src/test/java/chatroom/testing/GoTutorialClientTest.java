package chatroom.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.GoTutorialClient.Answer;
import chatroom.testing.GoTutorialClient.GroupMessage;
import chatroom.testing.GoTutorialClient.Notice;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GoTutorialClient} sends exactly the captured frames and reads as the tutorial's client
 * does: here it talks to a bare socket that plays the server's captured answers.
 */
class GoTutorialClientTest {
  private ServerSocket listener;
  private GoTutorialClient client;
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeEach
  void listen() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    listener.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
    client = new GoTutorialClient(listener.getLocalPort());
  }

  @AfterEach
  void stop() throws IOException {
    background.shutdownNow();
    client.close();
    listener.close();
  }

  private Socket accept() throws IOException {
    Socket socket = listener.accept();
    socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
    return socket;
  }

  private static <T> T result(Future<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static byte[] read(Socket socket, int count) throws IOException {
    byte[] bytes = socket.getInputStream().readNBytes(count);
    assertEquals(count, bytes.length, "the connection ended early");
    return bytes;
  }

  private static boolean hungUp(Socket socket) throws IOException {
    return socket.getInputStream().read() == -1;
  }

  private static byte[] frame(String type, String payload) {
    byte[] body = GoTutorialJson.utf8(GoTutorialJson.envelope(type, payload));
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  /** Logs the double in as 200 and returns the server side of its connection. */
  private Socket loggedIn() throws Exception {
    Future<Answer> login = background.submit(() -> client.login(200, "654321"));
    Socket server = accept();
    read(server, GoTutorialCapture.LOGIN.bytes().length);
    server.getOutputStream().write(GoTutorialCapture.LOGIN_OK_SECOND.bytes());
    assertEquals(200, result(login).code());
    return server;
  }

  @Test
  void itRegistersWithTheCapturedFrameOnAConnectionOfItsOwn() throws Exception {
    Future<Answer> register = background.submit(() -> client.register(200, "654321", "jerry"));
    try (Socket server = accept()) {
      byte[] expected = GoTutorialCapture.REGISTER.bytes();
      assertArrayEquals(expected, read(server, expected.length));
      server.getOutputStream().write(GoTutorialCapture.REGISTER_TAKEN.bytes());
      assertEquals(new Answer("RegisterResMes", 505, "User exit...", null), result(register));
      assertTrue(hungUp(server), "the tutorial hangs up after registering");
    }
  }

  @Test
  void itLogsInWithTheCapturedFrameAndRemembersTheOthersListed() throws Exception {
    Future<Answer> login = background.submit(() -> client.login(200, "654321"));
    try (Socket server = accept()) {
      byte[] expected = GoTutorialCapture.LOGIN.bytes();
      assertArrayEquals(expected, read(server, expected.length));
      server.getOutputStream().write(GoTutorialCapture.LOGIN_OK_SECOND.bytes());
      assertEquals(new Answer("LoginResMes", 200, "", List.of(200, 100)), result(login));
      assertEquals(Map.of(100, 0), client.onlineUsers(), "itself left out");
    }
  }

  @Test
  void aFailedLoginDecodesTheNullListAndHangsUp() throws Exception {
    Future<Answer> login = background.submit(() -> client.login(200, "nope"));
    try (Socket server = accept()) {
      read(
          server,
          GoTutorialJson.envelope("LoginMes", GoTutorialJson.loginMes(200, "nope", "")).length()
              + 4);
      server.getOutputStream().write(GoTutorialCapture.LOGIN_WRONG_PASSWORD.bytes());
      assertEquals(new Answer("LoginResMes", 403, "Wrong password", null), result(login));
      assertTrue(hungUp(server));
    }
  }

  @Test
  void itSendsGroupMessagesAsCaptured() throws Exception {
    try (Socket server = loggedIn()) {
      client.sendGroup("hi-from-go");
      byte[] expected = GoTutorialCapture.SMS.bytes();
      assertArrayEquals(expected, read(server, expected.length));
    }
  }

  @Test
  void itShowsNoticesAndGroupMessagesAndIgnoresEveryOtherType() throws Exception {
    try (Socket server = loggedIn()) {
      server.getOutputStream().write(GoTutorialCapture.NOTIFY_ONLINE.bytes());
      server.getOutputStream().write(frame("PrivateSmsMes", "{\"content\":\"psst\"}"));
      server.getOutputStream().write(frame("LoginResMes", "{\"code\":200}"));
      server.getOutputStream().write(GoTutorialCapture.SMS_RELAYED.bytes());

      assertEquals(new GroupMessage(200, "", "hi-from-go"), client.awaitGroupMessage("hi-from-go"));
      assertEquals(List.of(new Notice(200, 0)), client.notices());
      assertEquals(
          List.of("PrivateSmsMes", "LoginResMes"),
          client.ignoredTypes(),
          "its reader knows only notices and group messages");
      assertEquals(5, client.received().size(), "the login answer and the four frames");
      assertTrue(client.crashed().isEmpty());
    }
  }

  @Test
  void aFrameOfExactlyItsBufferIsRead() throws Exception {
    try (Socket server = loggedIn()) {
      String shell = GoTutorialJson.envelope("SmsMes", GoTutorialJson.smsMes("", 1, "", "", 0, ""));
      String content = "x".repeat(GoTutorialTransfer.BUFFER_BYTES - shell.length());
      byte[] frame = frame("SmsMes", GoTutorialJson.smsMes(content, 1, "", "", 0, ""));
      assertEquals(4 + 8096, frame.length);
      server.getOutputStream().write(frame);
      client.awaitGroupMessage(content);
    }
  }

  @Test
  void aFrameOverItsBufferKillsItAsTheTutorialPanics() throws Exception {
    try (Socket server = loggedIn()) {
      byte[] big = new byte[4 + 9100];
      ByteBuffer.wrap(big).putInt(9100);
      Arrays.fill(big, 4, big.length, (byte) ' ');
      server.getOutputStream().write(big);

      String crash = client.awaitCrash();
      assertTrue(crash.contains("[:9100] with capacity 8096"), crash);
      InputStream in = server.getInputStream();
      assertEquals(-1, in.read(), "a dead program's connection is closed");
      client.awaitDisconnected();
    }
  }

  @Test
  void aReadThatReturnsPartOfTheBodyIsAnErrorAsInTheTutorial() throws Exception {
    try (Socket server = loggedIn()) {
      byte[] partial = new byte[4 + 50];
      ByteBuffer.wrap(partial).putInt(100);
      server.getOutputStream().write(partial); // the other 50 bytes come later, too late
      client.awaitDisconnected();
      assertEquals(List.of("ReadPkg: short read of the body: 50 of 100 bytes"), client.errors());
      assertTrue(client.crashed().isEmpty(), "an error, not a panic");
    }
  }
}
