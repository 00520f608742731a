package chatroom.chat.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written envelope says exactly what Jackson would write, whatever the text holds. (The
 * bytes may differ in one harmless way: an emoji may be written as two escapes or as UTF-8; both
 * are valid JSON for the same text.)
 */
class JsonTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  @Test
  void withoutEmojiTheEnvelopeIsByteForByteJacksons() throws IOException {
    SmsMes plain = new SmsMes("\"quoted\" \\ é \u0001 \n", 7, "", "Ann");
    byte[] jackson =
        JACKSON.writeValueAsBytes(new Message("SmsMes", JACKSON.writeValueAsString(plain)));
    assertArrayEquals(jackson, Json.encode(MessageType.SMS_MES, plain));
  }

  @Test
  void aLoginAnswerWithoutOurExtensionsCountsItsOwnList() throws IOException {
    // As a Go tutorial server sends it: no usersCount, no presenceLimit.
    Message fromGo =
        new Message("LoginResMes", "{\"code\":200,\"UsersId\":[100,200],\"error\":\"\"}");
    LoginResMes answer = Json.decodePayload(fromGo, LoginResMes.class);

    assertEquals(new LoginResMes(200, List.of(100, 200), "", 2, 0, List.of()), answer);
  }

  @Test
  void theEnvelopeSaysWhatJacksonWouldWhateverTheTextHolds() throws IOException {
    String awkward = "\"quoted\" back\\slash é ✓ 😀 \u0001 \u001b[2J </script> \n\t";
    List<Object> payloads =
        List.of(
            new SmsMes(awkward, 7, "", "Ann \"the\" \\ one"),
            new PrivateSmsMes(2, awkward, 1, "Bo", 1_700_000_000_000L, true),
            new LoginResMes(200, List.of(1, 2, 3), ""),
            new ErrorResMes(400, awkward));
    for (Object payload : payloads) {
      MessageType type =
          MessageType.valueOf(
              payload
                  .getClass()
                  .getSimpleName()
                  .replaceAll("([a-z])([A-Z])", "$1_$2")
                  .toUpperCase());
      byte[] jackson =
          JACKSON.writeValueAsBytes(
              new Message(type.wireName(), JACKSON.writeValueAsString(payload)));
      JsonNode expected = JACKSON.readTree(jackson);
      JsonNode actual = JACKSON.readTree(Json.encode(type, payload));
      assertEquals(expected.get("type"), actual.get("type"));
      assertEquals(
          JACKSON.readTree(expected.get("data").asText()),
          JACKSON.readTree(actual.get("data").asText()));
      assertEquals(
          payload,
          Json.decodePayload(Json.decodeEnvelope(Json.encode(type, payload)), payload.getClass()));
      assertEquals(payload, Json.decodePayload(Json.decodeEnvelope(jackson), payload.getClass()));
    }
  }
}
