package chatroom.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test client for the chat over WebSocket, built on the JDK's own {@link WebSocket}: what a
 * browser's page does, without the browser. Every wait is bounded by {@link
 * ChatServerFixture#WAIT}.
 */
public final class WebSocketClient implements AutoCloseable {
  /** Every feature the web page can show, as it names them in its {@code LoginMes}. */
  public static final String[] PAGE_FEATURES = {
    "private", "offline", "online-list", "logout", "find-user", "errors", "large-frames"
  };

  /** What the server closed the connection with. */
  public record Closed(int code, String reason) {}

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Object END = new Object();

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private WebSocketClient(WebSocket.Builder builder, URI uri) throws IOException {
    try {
      socket =
          builder
              .buildAsync(uri, new Collector())
              .get(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IOException("no WebSocket within " + ChatServerFixture.WAIT, e);
    }
  }

  /**
   * Opens {@code ws://localhost:port/chat}, sending {@code origin} as the {@code Origin} header
   * unless it is null (programs that are not browsers send none).
   *
   * @throws java.net.http.WebSocketHandshakeException if the server refuses the upgrade
   */
  public static WebSocketClient connect(int port, String origin) throws IOException {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return new WebSocketClient(builder, URI.create("ws://localhost:" + port + "/chat"));
  }

  /**
   * Opens {@code uri} ({@code ws://} or {@code wss://}) with {@code http}, which holds the TLS
   * settings for wss, sending {@code origin} unless it is null.
   */
  public static WebSocketClient connect(URI uri, HttpClient http, String origin)
      throws IOException {
    WebSocket.Builder builder = http.newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return new WebSocketClient(builder, uri);
  }

  /** A {@code LoginMes} payload as the web page sends it: with its features. */
  public static String login(int userId, String password) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("userId", userId).put("userPwd", password).put("userName", "");
    ArrayNode features = payload.putArray("features");
    for (String feature : PAGE_FEATURES) {
      features.add(feature);
    }
    return payload.toString();
  }

  /** Gathers what arrives; a text message may come in several parts. */
  private final class Collector implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        events.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      events.add(new AssertionError("the server sent a binary message"));
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      events.add(new Closed(statusCode, reason));
      events.add(END);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      events.add(new Closed(1006, String.valueOf(error)));
      events.add(END);
    }
  }

  /** Sends one text message holding the envelope of {@code type} around {@code payloadJson}. */
  public void send(String type, String payloadJson) throws IOException {
    sendText(RawClient.envelope(type, payloadJson));
  }

  /** Sends one text message as it is. */
  public void sendText(String text) throws IOException {
    await(socket.sendText(text, true));
  }

  /** Sends one binary message. */
  public void sendBinary(byte[] bytes) throws IOException {
    await(socket.sendBinary(ByteBuffer.wrap(bytes), true));
  }

  private static void await(CompletableFuture<?> sent) throws IOException {
    try {
      sent.get(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | CompletionException e) {
      throw new IOException("sending failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new InterruptedIOException("could not send within " + ChatServerFixture.WAIT);
    }
  }

  /** The next text message, as the envelope's JSON; fails if the connection closed instead. */
  public JsonNode receive() throws IOException {
    Object event = next();
    if (event instanceof String text) {
      return RawClient.JSON.readTree(text);
    }
    throw new AssertionError("expected a message but got " + event);
  }

  /** The next message's payload, parsed; checks its type first. */
  public JsonNode receivePayload(String expectedType) throws IOException {
    JsonNode envelope = receive();
    if (!expectedType.equals(envelope.path("type").asText())) {
      throw new AssertionError("expected a " + expectedType + " but got " + envelope);
    }
    return RawClient.JSON.readTree(envelope.get("data").asText());
  }

  /** Waits for the server to close the connection, skipping messages before it. */
  public Closed awaitClosed() throws IOException {
    while (true) {
      Object event = next();
      if (event instanceof Closed closed) {
        return closed;
      }
      if (event == END) {
        throw new AssertionError("the connection ended twice");
      }
    }
  }

  private Object next() throws IOException {
    try {
      Object event = events.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (event == null) {
        throw new AssertionError("nothing arrived within " + ChatServerFixture.WAIT);
      }
      if (event instanceof AssertionError error) {
        throw error;
      }
      return event;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
