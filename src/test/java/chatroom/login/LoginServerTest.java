package chatroom.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.Protocol;
import chatroom.support.TcpServer;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginServerTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** Exactly what the Go tutorial's client sends to log in as 100 with password 123456. */
  private static final String GO_LOGIN_BODY =
      "{\"type\":\"LoginMes\",\"data\":\"{\\\"userId\\\":100,\\\"userPwd\\\":\\\"123456\\\","
          + "\\\"userName\\\":\\\"\\\"}\"}";

  private TcpServer server;
  private RawClient client;

  @BeforeEach
  void start() throws IOException {
    server = LoginServer.create();
    client = new RawClient(server.start(0), WAIT);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    server.close();
  }

  private JsonNode login(int userId, String password) throws IOException {
    client.send(
        "LoginMes",
        "{\"userId\":" + userId + ",\"userPwd\":\"" + password + "\",\"userName\":\"\"}");
    return client.receivePayload("LoginResMes");
  }

  @Nested
  class LoginCodes {
    @Test
    void theKnownUserWithTheRightPasswordGets200AndIsInTheOnlineList() throws IOException {
      JsonNode result = login(100, "123456");
      assertEquals(200, result.get("code").asInt());
      assertEquals("[100]", result.get("UsersId").toString());
    }

    @Test
    void theKnownUserWithAWrongPasswordGets403() throws IOException {
      JsonNode result = login(100, "654321");
      assertEquals(403, result.get("code").asInt());
      assertEquals("wrong password", result.get("error").asText());
    }

    @Test
    void anUnknownUserGets500() throws IOException {
      JsonNode result = login(7, "123456");
      assertEquals(500, result.get("code").asInt());
      assertEquals("user 7 is not registered", result.get("error").asText());
    }

    @Test
    void oneConnectionCanTryAnyNumberOfTimes() throws IOException {
      List<Integer> codes = new ArrayList<>();
      codes.add(login(7, "x").get("code").asInt());
      codes.add(login(100, "x").get("code").asInt());
      codes.add(login(100, "123456").get("code").asInt());
      codes.add(login(100, "123456").get("code").asInt());
      assertEquals(List.of(500, 403, 200, 200), codes);
    }
  }

  @Nested
  class Framing {
    @Test
    void aFrameWrittenOneByteAtATimeIsAnsweredOnce() throws IOException {
      for (byte b : RawClient.frame(GO_LOGIN_BODY)) {
        client.sendBytes(new byte[] {b}); // one TCP segment per byte, as far as we can force it
      }
      assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
    }

    @Test
    void twoFramesInOneWriteGetTwoAnswers() throws IOException {
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(RawClient.frame(GO_LOGIN_BODY));
      both.write(
          RawClient.frame(RawClient.envelope("LoginMes", "{\"userId\":5,\"userPwd\":\"\"}")));
      client.sendBytes(both.toByteArray());
      assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
      assertEquals(500, client.receivePayload("LoginResMes").get("code").asInt());
    }

    @ParameterizedTest
    @ValueSource(longs = {65_537L, Integer.MAX_VALUE, 0xFFFF_FFFFL})
    void aHugeLengthHeaderGets413AndTheConnectionIsClosed(long length) throws IOException {
      client.sendBytes(ByteBuffer.allocate(4).putInt((int) length).array());
      JsonNode error = client.receivePayload("ErrorResMes");
      assertEquals(413, error.get("code").asInt());
      assertTrue(client.closedByServer());
    }

    @Test
    void aZeroLengthFrameGets400AndTheConnectionIsClosed() throws IOException {
      client.sendBytes(new byte[4]);
      assertEquals(400, client.receivePayload("ErrorResMes").get("code").asInt());
      assertTrue(client.closedByServer());
    }
  }

  @Nested
  class BadMessages {
    @Test
    void anUnknownTypeGets400AndTheConnectionStaysOpen() throws IOException {
      client.send("SmsMes", "{\"content\":\"hi\"}");
      JsonNode error = client.receivePayload("ErrorResMes");
      assertEquals(400, error.get("code").asInt());
      assertEquals("unknown message type 'SmsMes'", error.get("error").asText());
      assertEquals(200, login(100, "123456").get("code").asInt());
    }

    @Test
    void malformedJsonGets400AndTheConnectionStaysOpen() throws IOException {
      client.sendBytes(RawClient.frame("{not json"));
      assertEquals(400, client.receivePayload("ErrorResMes").get("code").asInt());
      assertEquals(200, login(100, "123456").get("code").asInt(), "the connection is still open");
    }

    @Test
    void aLoginWithoutAPasswordFieldGets400() throws IOException {
      client.send("LoginMes", "{\"userId\":100}");
      JsonNode error = client.receivePayload("ErrorResMes");
      assertEquals(400, error.get("code").asInt());
      assertTrue(error.get("error").asText().contains("userPwd"), error.toString());
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
      client.send(
          "LoginMes", "{\"userId\":100,\"userPwd\":\"123456\",\"userStatus\":0,\"sex\":\"\"}");
      assertEquals(200, client.receivePayload("LoginResMes").get("code").asInt());
    }
  }

  @Nested
  class WireCompatibility {
    @Test
    void theGoTutorialClientsExactBytesGetAnAnswerWithTheGoFieldNames() throws IOException {
      client.sendBytes(RawClient.frame(GO_LOGIN_BODY));
      JsonNode envelope = client.receive();
      assertEquals(List.of("type", "data"), fieldNames(envelope));
      JsonNode result = RawClient.JSON.readTree(envelope.get("data").asText());
      assertEquals(List.of("code", "UsersId", "error"), fieldNames(result));
    }

    @Test
    void theGoTutorialsLoginFrameIs86BytesAfterAHeaderOf00000056() throws IOException {
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      Frames.write(frame, GO_LOGIN_BODY.getBytes(StandardCharsets.UTF_8));
      byte[] bytes = frame.toByteArray();
      assertEquals(4 + 86, bytes.length);
      assertEquals(
          List.of(0, 0, 0, 0x56),
          List.of((int) bytes[0], (int) bytes[1], (int) bytes[2], (int) bytes[3]));
    }

    private List<String> fieldNames(JsonNode node) {
      List<String> names = new ArrayList<>();
      node.fieldNames().forEachRemaining(names::add);
      return names;
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
            LoginServer.run(
                new String[] {String.valueOf(port)},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("Cannot listen on port " + port + ": "), said);
      }
    }

    @Test
    void aBadPortGivesUsageAndStatusTwo() throws Exception {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      assertEquals(
          2,
          LoginServer.run(new String[] {"x"}, new PrintStream(err, true, StandardCharsets.UTF_8)));
      assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage: LoginServer [port]"));
    }

    @Test
    void itsDefaultPortIsNotTheChatServers() {
      assertEquals(8890, LoginServer.DEFAULT_PORT);
      assertNotEquals(Protocol.DEFAULT_PORT, LoginServer.DEFAULT_PORT);
    }
  }
}
