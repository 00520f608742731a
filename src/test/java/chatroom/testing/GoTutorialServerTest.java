package chatroom.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.GoTutorialCapture.CapturedFrame;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link GoTutorialServer} answers with exactly the captured frames and behaves as the tutorial's
 * server does, its faults included. Its peers here are bare sockets with framing of their own.
 */
class GoTutorialServerTest {
  private GoTutorialServer server;

  /** A bare connection: whole frames out in one write, whole frames in as raw bytes. */
  private final class Peer implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    Peer() throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
      socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
      in = new DataInputStream(socket.getInputStream());
    }

    void send(byte[] frame) throws IOException {
      socket.getOutputStream().write(frame);
    }

    void send(String type, String payload) throws IOException {
      send(frame(GoTutorialJson.envelope(type, payload)));
    }

    /** The next frame, header included. */
    byte[] receive() throws IOException {
      int length = in.readInt();
      byte[] frame = new byte[4 + length];
      ByteBuffer.wrap(frame).putInt(length);
      in.readFully(frame, 4, length);
      return frame;
    }

    void receive(CapturedFrame expected) throws IOException {
      byte[] got = receive();
      assertArrayEquals(
          expected.bytes(), got, () -> "got " + new String(got, 4, got.length - 4, UTF_8));
    }

    boolean closedByServer() throws IOException {
      try {
        return in.read() == -1;
      } catch (SocketException reset) {
        return true;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static byte[] frame(String body) {
    byte[] bytes = body.getBytes(UTF_8);
    return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
  }

  private static String login(int userId, String userPwd) {
    return GoTutorialJson.loginMes(userId, userPwd, "");
  }

  @BeforeEach
  void start() throws IOException {
    server = GoTutorialServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void registrationIsAnsweredAsCapturedAndATakenIdGets505() throws IOException {
    try (Peer jerry = new Peer()) {
      jerry.send(GoTutorialCapture.REGISTER.bytes());
      jerry.receive(GoTutorialCapture.REGISTER_OK);
      jerry.send(GoTutorialCapture.REGISTER.bytes());
      jerry.receive(GoTutorialCapture.REGISTER_TAKEN);
    }
    assertEquals(new GoTutorialServer.User(200, "654321", "jerry"), server.user(200).orElseThrow());
  }

  @Test
  void loginIsAnsweredAsCapturedAndTheOthersAreToldFirst() throws IOException {
    try (Peer tom = new Peer();
        Peer jerry = new Peer()) {
      jerry.send(GoTutorialCapture.LOGIN.bytes());
      jerry.receive(GoTutorialCapture.LOGIN_NO_SUCH_USER);
      jerry.send(GoTutorialCapture.REGISTER.bytes());
      jerry.receive(GoTutorialCapture.REGISTER_OK);
      jerry.send("LoginMes", login(200, "wrong"));
      jerry.receive(GoTutorialCapture.LOGIN_WRONG_PASSWORD);

      server.addUser(100, "123456", "tom");
      tom.send("LoginMes", login(100, "123456"));
      tom.receive(GoTutorialCapture.LOGIN_OK_ALONE);
      jerry.send(GoTutorialCapture.LOGIN.bytes()); // a failed login leaves the connection open
      jerry.receive(GoTutorialCapture.LOGIN_OK_SECOND);
      tom.receive(GoTutorialCapture.NOTIFY_ONLINE);
    }
  }

  @Test
  void aGroupMessageIsRelayedUnchangedToAllButTheUserIdInsideIt() throws IOException {
    server.addUser(100, "123456", "tom");
    server.addUser(200, "654321", "jerry");
    server.addUser(300, "pw", "spike");
    try (Peer tom = new Peer();
        Peer jerry = new Peer();
        Peer spike = new Peer()) {
      tom.send("LoginMes", login(100, "123456"));
      tom.receive();
      jerry.send(GoTutorialCapture.LOGIN.bytes());
      jerry.receive();
      spike.send("LoginMes", login(300, "pw"));
      spike.receive();

      jerry.send(GoTutorialCapture.SMS.bytes());
      String claimsToBeTom = GoTutorialJson.smsMes("from tom?", 100, "", "", 0, "");
      jerry.send("SmsMes", claimsToBeTom);

      tom.receive(); // jerry's login and spike's
      tom.receive();
      tom.receive(GoTutorialCapture.SMS_RELAYED);
      spike.receive(GoTutorialCapture.SMS_RELAYED);
      jerry.receive(); // spike's login
      assertArrayEquals(
          frame(GoTutorialJson.envelope("SmsMes", claimsToBeTom)),
          jerry.receive(),
          "jerry is skipped only when the message carries jerry's id");
    }
  }

  @Test
  void aRelayedEnvelopeIsEncodedAgainAsGoWritesIt() throws IOException {
    server.addUser(100, "123456", "tom");
    try (Peer tom = new Peer();
        Peer other = new Peer()) {
      tom.send("LoginMes", login(100, "123456"));
      tom.receive();
      other.send(
          frame(
              "{\"data\":\"{\\\"content\\\":\\\"a<b\\\",\\\"userId\\\":7}\","
                  + "\"type\":\"SmsMes\",\"x\":1}"));
      assertArrayEquals(
          frame(
              "{\"type\":\"SmsMes\","
                  + "\"data\":\"{\\\"content\\\":\\\"a\\u003cb\\\",\\\"userId\\\":7}\"}"),
          tom.receive(),
          "Go's key order and escapes; the unknown key dropped");
    }
  }

  @Test
  void nobodyIsEverToldThatAUserLeftNorTakenOffTheOnlineList() throws IOException {
    server.addUser(100, "123456", "tom");
    server.addUser(200, "654321", "jerry");
    server.addUser(300, "pw", "spike");
    try (Peer spike = new Peer()) {
      spike.send("LoginMes", login(300, "pw"));
      spike.receive();
      try (Peer tom = new Peer()) {
        tom.send("LoginMes", login(100, "123456"));
        tom.receive();
      }
      try (Peer jerry = new Peer()) {
        jerry.send(GoTutorialCapture.LOGIN.bytes());
        assertArrayEquals(
            frame(
                GoTutorialJson.envelope(
                    "LoginResMes", GoTutorialJson.loginResMes(200, List.of(200, 100, 300), ""))),
            jerry.receive());
      }
      spike.receive(); // tom came online
      assertArrayEquals(
          GoTutorialCapture.NOTIFY_ONLINE.bytes(), spike.receive(), "then jerry: nothing between");
    }
  }

  @Test
  void anUnknownTypeIsIgnoredAndTheConnectionStaysOpen() throws Exception {
    try (Peer peer = new Peer()) {
      peer.send("PrivateSmsMes", "{\"toUserId\":100,\"content\":\"hi\"}");
      assertEquals(List.of("PrivateSmsMes"), server.awaitIgnored(1));
      peer.send(GoTutorialCapture.LOGIN.bytes());
      peer.receive(GoTutorialCapture.LOGIN_NO_SUCH_USER);
    }
  }

  @Test
  void aFrameOfExactlyItsBufferIsRead() throws Exception {
    server.addUser(100, "123456", "tom");
    try (Peer tom = new Peer();
        Peer other = new Peer()) {
      tom.send("LoginMes", login(100, "123456"));
      tom.receive();
      String shell = GoTutorialJson.envelope("SmsMes", GoTutorialJson.smsMes("", 1, "", "", 0, ""));
      String content = "x".repeat(8096 - shell.length());
      other.send("SmsMes", GoTutorialJson.smsMes(content, 1, "", "", 0, ""));
      assertEquals(4 + 8096, tom.receive().length);
    }
  }

  @Test
  void our9093ByteGroupMessageKillsTheWholeServerAsCaptured() throws Exception {
    server.addUser(100, "123456", "tom");
    try (Peer tom = new Peer();
        Peer ours = new Peer()) {
      tom.send("LoginMes", login(100, "123456"));
      tom.receive();
      byte[] big = RawClient.frame(RawClient.envelope("SmsMes", ChatWire.group("你".repeat(3000))));
      assertEquals(4 + 9093, big.length, "what our client sends for 3000 x 你");
      ours.send(big);

      assertTrue(server.awaitDeath().contains("a frame of 9093 bytes"), server.died().toString());
      assertTrue(tom.closedByServer(), "every connection ends with the process");
      assertTrue(ours.closedByServer());
      // Not checked by connecting: another test's server may take the freed port at once.
      assertFalse(server.listening(), "nobody listens any more");
    }
  }

  @Test
  void anUndecodablePayloadEndsThatConnectionOnly() throws Exception {
    try (Peer broken = new Peer();
        Peer fine = new Peer()) {
      broken.send("LoginMes", "{\"userId\":\"200\"}");
      assertTrue(broken.closedByServer());
      fine.send(GoTutorialCapture.LOGIN.bytes());
      fine.receive(GoTutorialCapture.LOGIN_NO_SUCH_USER);
      assertEquals(1, server.errors().size(), server.errors().toString());
    }
  }

  @Test
  void whenItsStoreFailsRegistrationGets506AndLogin505() throws IOException {
    server.addUser(200, "654321", "jerry");
    server.storeDown(true);
    try (Peer peer = new Peer()) {
      peer.send(GoTutorialCapture.REGISTER.bytes());
      assertArrayEquals(
          frame(
              GoTutorialJson.envelope(
                  "RegisterResMes",
                  GoTutorialJson.registerResMes(506, "Unknown error occurred in registration..."))),
          peer.receive());
      peer.send(GoTutorialCapture.LOGIN.bytes());
      assertArrayEquals(
          frame(
              GoTutorialJson.envelope(
                  "LoginResMes",
                  GoTutorialJson.loginResMes(505, null, "Server internal error..."))),
          peer.receive());
    }
  }

  @Test
  void theTutorialsClientAndServerDoublesChatWithEachOther() throws Exception {
    try (GoTutorialClient tom = new GoTutorialClient(server.port());
        GoTutorialClient jerry = new GoTutorialClient(server.port())) {
      assertEquals(200, tom.register(100, "123456", "tom").code());
      assertEquals(200, jerry.register(200, "654321", "jerry").code());
      assertEquals(List.of(100), tom.login(100, "123456").usersId());
      assertEquals(List.of(200, 100), jerry.login(200, "654321").usersId());
      tom.awaitNotice(notice -> notice.userId() == 200);

      jerry.sendGroup("hi-from-go");

      assertEquals(
          new GoTutorialClient.GroupMessage(200, "", "hi-from-go"),
          tom.awaitGroupMessage("hi-from-go"));
      GoTutorialServer.Frame sms = server.awaitReceived(frame -> frame.type().equals("SmsMes"));
      assertEquals(GoTutorialCapture.SMS.body(), sms.text());
      assertEquals(200, sms.payload().get("userId").asInt());
      assertEquals(List.of(200, 100), server.onlineUserIds());
    }
  }
}
