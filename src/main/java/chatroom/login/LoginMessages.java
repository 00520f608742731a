package chatroom.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * Lesson 03's messages: the JSON envelope and the payloads a first login needs.
 *
 * <p>Every frame body is an envelope {@code {"type": ..., "data": ...}} whose {@code data} is the
 * payload encoded as JSON <em>again</em>, into a string. That double encoding is the Go tutorial's
 * wire format, kept so that its client and ours can talk to each other.
 */
public final class LoginMessages {
  public static final String LOGIN_MES = "LoginMes";
  public static final String LOGIN_RES_MES = "LoginResMes";
  public static final String ERROR_RES_MES = "ErrorResMes";

  /** Unknown fields are ignored, so newer peers can add fields without breaking older ones. */
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private LoginMessages() {}

  /** The envelope around every payload. */
  public record Message(
      @JsonProperty(required = true) String type, @JsonProperty(required = true) String data) {}

  /** Client to server: who wants to log in. */
  public record LoginMes(
      @JsonProperty(required = true) int userId,
      @JsonProperty(required = true) String userPwd,
      String userName) {}

  /** Server to client: the result; {@code UsersId} is capitalised as the Go struct field is. */
  public record LoginResMes(
      int code, @JsonProperty("UsersId") List<Integer> usersId, String error) {}

  /** Server to client: a frame the server could not act on. */
  public record ErrorResMes(int code, String error) {}

  /** Encodes a payload into its envelope and the envelope into the bytes of a frame body. */
  public static byte[] encode(String type, Object payload) throws JsonProcessingException {
    String data = JSON.writeValueAsString(payload); // first: the payload becomes a string
    return JSON.writeValueAsBytes(new Message(type, data)); // second: the envelope holds it
  }

  /** Decodes a frame body into its envelope; the payload inside is still a JSON string. */
  public static Message decodeEnvelope(byte[] body) throws IOException {
    return JSON.readValue(body, Message.class);
  }

  /** Decodes the payload inside an envelope. */
  public static <T> T decodePayload(Message message, Class<T> payloadType) throws IOException {
    return JSON.readValue(message.data(), payloadType);
  }
}
