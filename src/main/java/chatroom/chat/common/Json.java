package chatroom.chat.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** The two-step encoding of the protocol: payload to JSON text, then envelope to JSON bytes. */
public final class Json {
  /**
   * Unknown fields are ignored, so an older peer never chokes on a newer one's additions; fields
   * left out get their zero value, so a client may send only the fields that matter to it.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  /** The body of a frame: the envelope of {@code type} around {@code payload}. */
  public static byte[] encode(MessageType type, Object payload) {
    try {
      String data = MAPPER.writeValueAsString(payload);
      return MAPPER.writeValueAsBytes(new Message(type.wireName(), data));
    } catch (JsonProcessingException e) {
      // Our own records always serialise; failing here is a bug, not bad input.
      throw new IllegalStateException("cannot encode " + type, e);
    }
  }

  /** The envelope in a frame body; its payload is still JSON text. */
  public static Message decodeEnvelope(byte[] body) throws IOException {
    return notNull(MAPPER.readValue(body, Message.class), Message.class);
  }

  /** The payload of an envelope, as the record of its type. */
  public static <T> T decodePayload(Message message, Class<T> payloadType) throws IOException {
    return notNull(MAPPER.readValue(message.data(), payloadType), payloadType);
  }

  /** JSON {@code null} decodes to a Java null; for a message that is as bad as no message. */
  private static <T> T notNull(T decoded, Class<T> type) throws IOException {
    if (decoded == null) {
      throw new IOException("null where a " + type.getSimpleName() + " belongs");
    }
    return decoded;
  }

  /** Any value as JSON text, for the stores that keep records in Redis. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  /** JSON text back into a record. */
  public static <T> T read(String json, Class<T> type) throws IOException {
    return MAPPER.readValue(json, type);
  }
}
