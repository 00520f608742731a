package chatroom.chat.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.ChatServerFixture;
import chatroom.testing.RawClient;
import chatroom.testing.RawWebSocket;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WebSocket byte by byte, with a client written from RFC 6455 alone ({@link RawWebSocket}): the
 * upgrade from HTTP, and the rule that a client masks every frame.
 */
class WebSocketHandshakeTest {
  @RegisterExtension final ChatServerFixture chat = ChatServerFixture.withWeb();

  @Test
  void theAcceptKeyIsTheHashTheRfcGivesForItsOwnExample() {
    assertEquals(
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", RawWebSocket.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
  }

  @Test
  void theServerSwitchesProtocolsAndProvesItReadTheKey() throws IOException {
    try (RawWebSocket socket =
        RawWebSocket.connect(chat.webPort(), null, ChatServerFixture.WAIT, 0)) {
      assertEquals("HTTP/1.1 101 Switching Protocols", socket.statusLine());
      assertEquals("websocket", socket.header("Upgrade").toLowerCase());
      assertEquals(RawWebSocket.acceptFor(socket.key()), socket.header("Sec-WebSocket-Accept"));

      // From now on the same connection carries frames: one envelope in one text frame.
      socket.sendText(RawClient.envelope("OnlineUsersMes", "{}"));
      RawWebSocket.Frame answer = socket.read();
      assertEquals(RawWebSocket.TEXT, answer.opcode());
      JsonNode envelope = RawClient.JSON.readTree(answer.text());
      assertEquals("ErrorResMes", envelope.get("type").asText());
      assertEquals(401, RawClient.JSON.readTree(envelope.get("data").asText()).get("code").asInt());
    }
  }

  @Test
  void anUnmaskedFrameFromAClientIsAProtocolError() throws IOException {
    try (RawWebSocket socket =
        RawWebSocket.connect(chat.webPort(), null, ChatServerFixture.WAIT, 0)) {
      socket.send(RawWebSocket.TEXT, RawClient.envelope("OnlineUsersMes", "{}").getBytes(), false);
      RawWebSocket.Frame close = socket.read();
      assertEquals(RawWebSocket.CLOSE, close.opcode());
      assertEquals(1002, close.closeCode(), "1002: protocol error");
      assertTrue(endOfStream(socket), "and the server hangs up");
    }
  }

  private static boolean endOfStream(RawWebSocket socket) throws IOException {
    try {
      socket.read();
      return false;
    } catch (EOFException end) {
      return true;
    }
  }
}
