package chatroom.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * JSON as Go's {@code encoding/json} writes and reads it for the Go tutorial's structs, so that the
 * test doubles {@link GoTutorialClient} and {@link GoTutorialServer} put the same bytes on the wire
 * as the tutorial's programs and accept what they accept.
 *
 * <p>Writing: fields in struct order, no spaces, strings escaped as {@code json.Marshal} does (Go
 * 1.22 and newer): a quote, a backslash, {@code \b \f \n \r \t} with a backslash, other control
 * characters and {@code < > &} as a six-character &#92;u escape with lowercase hex, U+2028 and
 * U+2029 as &#92;u2028 and &#92;u2029; everything else, non-ASCII included, as it is. A Java string
 * holding half a surrogate pair has no UTF-8 form; Go writes invalid UTF-8 as &#92;ufffd, and so
 * does this.
 *
 * <p>Reading: {@code json.Unmarshal} into a struct ignores unknown keys, matches keys to fields
 * ignoring case (the last matching key wins), leaves a field that is missing or {@code null} at its
 * zero value, and fails on a value of the wrong kind.
 */
public final class GoTutorialJson {
  private static final ObjectMapper READER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoTutorialJson() {}

  /** A JSON value Go's decoder would refuse for the field it was meant for. */
  public static final class GoJsonException extends Exception {
    GoJsonException(String message) {
      super(message);
    }
  }

  /** {@code s} as a quoted JSON string, escaped exactly as {@code json.Marshal} escapes it. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"', '\\' -> out.append('\\').append(c);
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&' -> unicodeEscape(out, c); // Go's HTML-safe default
        case '\u2028', '\u2029' -> unicodeEscape(out, c); // line breaks to JavaScript
        default -> {
          if (c < 0x20) {
            unicodeEscape(out, c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i)); // a whole pair: a valid character, as it is
          } else if (Character.isSurrogate(c)) {
            out.append("\\ufffd");
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static void unicodeEscape(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[c >> 12 & 0xf])
        .append(HEX[c >> 8 & 0xf])
        .append(HEX[c >> 4 & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** The tutorial's {@code Message}: {@code {"type":...,"data":...}}, the payload as a string. */
  public static String envelope(String type, String payloadJson) {
    return "{\"type\":" + quote(type) + ",\"data\":" + quote(payloadJson) + "}";
  }

  /** The tutorial's {@code User}, as it sits inside {@code RegisterMes} and {@code SmsMes}. */
  private static String userFields(
      int userId, String userPwd, String userName, int userStatus, String sex) {
    return "\"userId\":"
        + userId
        + ",\"userPwd\":"
        + quote(userPwd)
        + ",\"userName\":"
        + quote(userName)
        + ",\"userStatus\":"
        + userStatus
        + ",\"sex\":"
        + quote(sex);
  }

  /** {@code LoginMes}: {@code {"userId":..,"userPwd":..,"userName":..}}. */
  public static String loginMes(int userId, String userPwd, String userName) {
    return "{\"userId\":"
        + userId
        + ",\"userPwd\":"
        + quote(userPwd)
        + ",\"userName\":"
        + quote(userName)
        + "}";
  }

  /** {@code RegisterMes}: the whole {@code User} struct, {@code userStatus} and {@code sex} too. */
  public static String registerMes(
      int userId, String userPwd, String userName, int userStatus, String sex) {
    return "{\"user\":{" + userFields(userId, userPwd, userName, userStatus, sex) + "}}";
  }

  /** {@code SmsMes}: {@code content}, then the embedded {@code User} struct's fields. */
  public static String smsMes(
      String content, int userId, String userPwd, String userName, int userStatus, String sex) {
    return "{\"content\":"
        + quote(content)
        + ","
        + userFields(userId, userPwd, userName, userStatus, sex)
        + "}";
  }

  /** {@code RegisterResMes}: {@code {"code":..,"error":..}}. */
  public static String registerResMes(int code, String error) {
    return "{\"code\":" + code + ",\"error\":" + quote(error) + "}";
  }

  /**
   * {@code LoginResMes}: {@code UsersId} keeps its Go field name (the struct gives it no tag), and
   * a nil slice, as in every failed login, is written {@code null}.
   */
  public static String loginResMes(int code, List<Integer> usersId, String error) {
    String ids;
    if (usersId == null) {
      ids = "null";
    } else {
      StringJoiner joined = new StringJoiner(",", "[", "]");
      usersId.forEach(id -> joined.add(String.valueOf(id)));
      ids = joined.toString();
    }
    return "{\"code\":" + code + ",\"UsersId\":" + ids + ",\"error\":" + quote(error) + "}";
  }

  /** {@code NotifyUserStatusMes}: {@code {"userId":..,"status":..}}. */
  public static String notifyUserStatusMes(int userId, int status) {
    return "{\"userId\":" + userId + ",\"status\":" + status + "}";
  }

  /** The UTF-8 bytes of {@code text}, as Go's {@code []byte(s)} of a marshalled value. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Parses JSON as {@code json.Unmarshal} would before filling a struct: one value, no more. */
  public static JsonNode parse(byte[] json) throws GoJsonException {
    try {
      return READER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GoJsonException("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading an array in memory cannot fail otherwise
    }
  }

  /** {@link #parse(byte[])} of a string, such as an envelope's {@code data}. */
  public static JsonNode parse(String json) throws GoJsonException {
    return parse(utf8(json));
  }

  /** Checks that {@code value} is an object (or null, which Go leaves as the zero struct). */
  public static JsonNode object(JsonNode value, String what) throws GoJsonException {
    if (value.isNull() || value.isObject()) {
      return value;
    }
    throw new GoJsonException("cannot unmarshal " + value.getNodeType() + " into " + what);
  }

  /**
   * The value of the key that fills struct field {@code name}: Go matches keys ignoring case, and
   * when several match, the last one in the object wins. Null when there is none.
   */
  public static JsonNode field(JsonNode object, String name) {
    JsonNode found = null;
    for (Map.Entry<String, JsonNode> entry : object.properties()) {
      if (entry.getKey().equalsIgnoreCase(name)) {
        found = entry.getValue();
      }
    }
    return found;
  }

  /** A Go {@code int} field: 0 if missing or null; an error for anything but a whole number. */
  public static int intField(JsonNode object, String name) throws GoJsonException {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return 0;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.intValue();
    }
    throw new GoJsonException("cannot unmarshal " + value + " into Go int field " + name);
  }

  /** A Go {@code string} field: "" if missing or null; an error for anything but a string. */
  public static String stringField(JsonNode object, String name) throws GoJsonException {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (value.isTextual()) {
      return value.textValue();
    }
    throw new GoJsonException("cannot unmarshal " + value + " into Go string field " + name);
  }

  /** A Go {@code []int} field: null (a nil slice) if missing or null. */
  public static List<Integer> intsField(JsonNode object, String name) throws GoJsonException {
    JsonNode value = field(object, name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw new GoJsonException("cannot unmarshal " + value + " into Go []int field " + name);
    }
    Integer[] ids = new Integer[value.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = value.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt()) {
        throw new GoJsonException("cannot unmarshal " + id + " into Go int in " + name);
      }
      ids[i] = id.intValue();
    }
    return List.of(ids);
  }

  /** The tutorial's {@code Message} decoded from a frame body: its type and data strings. */
  public record Envelope(String type, String data) {}

  /** Decodes a frame body into the tutorial's {@code Message}, as {@code ReadPkg} does. */
  public static Envelope decodeEnvelope(byte[] body) throws GoJsonException {
    JsonNode envelope = object(parse(body), "Go value of type message.Message");
    return new Envelope(stringField(envelope, "type"), stringField(envelope, "data"));
  }
}
