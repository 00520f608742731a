package chatroom.chat.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/** The two-step encoding of the protocol: payload to JSON text, then envelope to JSON bytes. */
public final class Json {
  /**
   * Unknown fields are ignored, so an older peer never chokes on a newer one's additions; fields
   * left out get their zero value, so a client may send only the fields that matter to it.
   *
   * <p>Everything else is strict, as Go's encoding/json is: a key given twice, a string or a
   * fraction where an integer belongs, a number where a string belongs, or anything after the JSON
   * value is an error, never a guess. A lenient reader would take {@code
   * {"type":"Bogus","type":"LoginMes"}} or {@code "userId":"1001"} for something the sender's own
   * checks never saw.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              // Jackson's default keeps a set of buffers per thread: with a thread per connection
              // that is a set per connection, and each new virtual thread would start a new one.
              // One shared pool keeps only as many sets as are in use at once.
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())
                  // An emoji as its four UTF-8 bytes, as Go writes it, not as a 12-byte pair of
                  // escapes: chat text is counted in bytes on the wire (ChatText).
                  .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .withCoercionConfig(
              LogicalType.Textual,
              strings ->
                  strings
                      .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENVELOPE_TAIL = "\"}".getBytes(StandardCharsets.UTF_8);
  private static final Map<MessageType, byte[]> ENVELOPE_HEADS = new EnumMap<>(MessageType.class);

  static {
    for (MessageType type : MessageType.values()) {
      String head = "{\"type\":\"" + type.wireName() + "\",\"data\":\"";
      ENVELOPE_HEADS.put(type, head.getBytes(StandardCharsets.UTF_8));
    }
  }

  private Json() {}

  /** The body of a frame: the envelope of {@code type} around {@code payload}. */
  public static byte[] encode(MessageType type, Object payload) {
    return encode(type, payload, 0);
  }

  /**
   * The envelope of {@code type} around {@code payload}, after {@code room} bytes left free for a
   * frame header, so that making a frame needs no second copy.
   */
  static byte[] encode(MessageType type, Object payload, int room) {
    byte[] data;
    try {
      data = MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      // Our own records always serialise; failing here is a bug, not bad input.
      throw new IllegalStateException("cannot encode " + type, e);
    }
    // The envelope is always {"type":"...","data":"..."}, so it is written here directly: the
    // same bytes Jackson would produce, at a fraction of the cost (this runs for every frame).
    byte[] head = ENVELOPE_HEADS.get(type);
    byte[] body = new byte[room + head.length + quotedLength(data) + ENVELOPE_TAIL.length];
    System.arraycopy(head, 0, body, room, head.length);
    int end = quote(data, body, room + head.length);
    System.arraycopy(ENVELOPE_TAIL, 0, body, end, ENVELOPE_TAIL.length);
    return body;
  }

  /** How long {@code text} (UTF-8 JSON) is once escaped as a JSON string's contents. */
  private static int quotedLength(byte[] text) {
    int length = text.length;
    for (byte b : text) {
      if (b == '"' || b == '\\') {
        length += 1;
      } else if (b >= 0 && b < 0x20) {
        length += 5;
      }
    }
    return length;
  }

  /**
   * Writes {@code text} into {@code out} at {@code at} as a JSON string's contents and returns
   * where it ended. Byte by byte is safe for UTF-8: every byte of a multi-byte character is 0x80 or
   * above, so only ASCII quotes, backslashes and control characters need escaping.
   */
  private static int quote(byte[] text, byte[] out, int at) {
    for (byte b : text) {
      if (b == '"' || b == '\\') {
        out[at++] = '\\';
        out[at++] = b;
      } else if (b >= 0 && b < 0x20) {
        out[at++] = '\\';
        out[at++] = 'u';
        out[at++] = '0';
        out[at++] = '0';
        out[at++] = HEX[b >> 4];
        out[at++] = HEX[b & 0xf];
      } else {
        out[at++] = b;
      }
    }
    return at;
  }

  /** The envelope in a frame body; its payload is still JSON text. */
  public static Message decodeEnvelope(byte[] body) throws IOException {
    checkUtf8Start(body);
    return notNull(MAPPER.readValue(body, Message.class), Message.class);
  }

  /**
   * A frame holds UTF-8 JSON, which starts with an ASCII character and has no zero bytes. Jackson
   * would skip a byte order mark and read UTF-16 or UTF-32 too, guessing from exactly these bytes;
   * the protocol has one encoding, so a body that needs guessing is refused.
   */
  private static void checkUtf8Start(byte[] body) throws IOException {
    if (body.length > 0 && body[0] < 0) {
      throw new JsonParseException(null, "a frame must start with JSON, not a byte order mark");
    }
    for (int i = 0; i < Math.min(4, body.length); i++) {
      if (body[i] == 0) {
        throw new JsonParseException(null, "a frame must be UTF-8 JSON, without zero bytes");
      }
    }
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
