package chatroom.chat.server.abuse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.server.ServerOptions;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Silent connections from one address cannot take every place (issue 10, row 10: with {@code
 * --max-connections 200}, 200 sockets from one address gave everyone else 503 for 300 s). One
 * address may hold at most {@code --max-per-address} connections, and a connection that sends
 * nothing is closed after {@code --login-timeout} seconds.
 */
class ConnectionsPerAddressTest {
  @RegisterExtension
  final ChatServerFixture chat =
      new ChatServerFixture(
          "--max-connections",
          "200",
          "--max-per-address",
          String.valueOf(ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS));

  private final List<Socket> silent = new ArrayList<>();

  @AfterEach
  void closeThem() throws IOException {
    for (Socket socket : silent) {
      socket.close();
    }
  }

  /** A connection from {@code local}, a loopback address of its own, that says nothing. */
  private Socket silentFrom(String local) throws IOException {
    Socket socket = new Socket();
    socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), chat.port()));
    socket.setSoTimeout((int) ChatServerFixture.WAIT.toMillis());
    silent.add(socket);
    return socket;
  }

  @Test
  void oneAddressGetsItsShareAndEveryoneElseStillGetsIn() throws IOException {
    int share = ServerOptions.DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
    for (int i = 0; i < share; i++) {
      silentFrom("127.0.0.7");
    }
    DataInputStream refused = new DataInputStream(silentFrom("127.0.0.7").getInputStream());
    byte[] body = new byte[refused.readInt()];
    refused.readFully(body);
    JsonNode envelope = RawClient.JSON.readTree(body);
    JsonNode error = RawClient.JSON.readTree(envelope.get("data").asText());
    assertEquals(503, error.get("code").asInt());
    assertTrue(
        error.get("error").asText().contains("too many connections from your address"),
        new String(body, StandardCharsets.UTF_8));

    chat.register(100, "pw-100", "Bystander"); // from 127.0.0.1, another address
    RawClient bystander = chat.connect();
    bystander.send("LoginMes", ChatWire.login(100, "pw-100"));
    assertEquals(200, bystander.receivePayload("LoginResMes").get("code").asInt());
  }
}
