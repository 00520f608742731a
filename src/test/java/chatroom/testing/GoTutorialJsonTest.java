package chatroom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import chatroom.testing.GoTutorialCapture.CapturedFrame;
import chatroom.testing.GoTutorialJson.GoJsonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GoTutorialJson} writes what Go's {@code encoding/json} wrote in the capture, escapes as Go
 * does, and reads as Go's decoder does.
 */
class GoTutorialJsonTest {
  @Test
  void everyCapturedHeaderAnnouncesTheLengthOfItsBody() {
    for (CapturedFrame frame : GoTutorialCapture.all()) {
      assertEquals(frame.bodyBytes().length, frame.announcedLength(), frame.body());
    }
  }

  @Test
  void theClientsMessagesAreBuiltByteForByteAsCaptured() {
    assertEquals(
        GoTutorialCapture.REGISTER.body(),
        GoTutorialJson.envelope(
            "RegisterMes", GoTutorialJson.registerMes(200, "654321", "jerry", 0, "")));
    assertEquals(
        GoTutorialCapture.LOGIN.body(),
        GoTutorialJson.envelope("LoginMes", GoTutorialJson.loginMes(200, "654321", "")));
    assertEquals(
        GoTutorialCapture.SMS.body(),
        GoTutorialJson.envelope("SmsMes", GoTutorialJson.smsMes("hi-from-go", 200, "", "", 0, "")));
  }

  @Test
  void theServersMessagesAreBuiltByteForByteAsCaptured() {
    assertEquals(
        GoTutorialCapture.REGISTER_OK.body(),
        GoTutorialJson.envelope("RegisterResMes", GoTutorialJson.registerResMes(200, "")));
    assertEquals(
        GoTutorialCapture.REGISTER_TAKEN.body(),
        GoTutorialJson.envelope(
            "RegisterResMes", GoTutorialJson.registerResMes(505, "User exit...")));
    assertEquals(
        GoTutorialCapture.LOGIN_WRONG_PASSWORD.body(),
        GoTutorialJson.envelope(
            "LoginResMes", GoTutorialJson.loginResMes(403, null, "Wrong password")));
    assertEquals(
        GoTutorialCapture.LOGIN_NO_SUCH_USER.body(),
        GoTutorialJson.envelope(
            "LoginResMes", GoTutorialJson.loginResMes(500, null, "User does not exist..")));
    assertEquals(
        GoTutorialCapture.LOGIN_OK_ALONE.body(),
        GoTutorialJson.envelope("LoginResMes", GoTutorialJson.loginResMes(200, List.of(100), "")));
    assertEquals(
        GoTutorialCapture.LOGIN_OK_SECOND.body(),
        GoTutorialJson.envelope(
            "LoginResMes", GoTutorialJson.loginResMes(200, List.of(200, 100), "")));
    assertEquals(
        GoTutorialCapture.NOTIFY_ONLINE.body(),
        GoTutorialJson.envelope("NotifyUserStatusMes", GoTutorialJson.notifyUserStatusMes(200, 0)));
  }

  @Test
  void stringsAreEscapedAsGoMarshalEscapesThem() {
    assertEquals("\"a\\u003cb\\u003e\\u0026c\"", GoTutorialJson.quote("a<b>&c"), "HTML-safe");
    assertEquals("\"\\u2028\\u2029\"", GoTutorialJson.quote("\u2028\u2029"));
    assertEquals("\"\\\"\\\\\"", GoTutorialJson.quote("\"\\"));
    assertEquals("\"\\b\\f\\n\\r\\t\"", GoTutorialJson.quote("\b\f\n\r\t"));
    assertEquals("\"\\u0000\\u001b\\u001f\"", GoTutorialJson.quote("\u0000\u001b\u001f"));
    assertEquals("\"\u007f/'\"", GoTutorialJson.quote("\u007f/'"), "DEL, slash, apostrophe as is");
    assertEquals("\"你é😀\"", GoTutorialJson.quote("你é😀"), "non-ASCII as is");
    assertEquals("\"x\\ufffdy\"", GoTutorialJson.quote("x\ud800y"), "half a surrogate pair");
  }

  @Test
  void aPayloadIsEscapedTwiceOnItsWayIntoTheEnvelope() {
    String envelope =
        GoTutorialJson.envelope("SmsMes", GoTutorialJson.smsMes("\"<", 1, "", "", 0, ""));
    assertEquals(
        "{\"type\":\"SmsMes\",\"data\":\"{\\\"content\\\":\\\"\\\\\\\"\\\\u003c\\\",",
        envelope.substring(0, envelope.indexOf("\\\"userId")));
  }

  @Test
  void fieldsAreMatchedIgnoringCaseAndTheLastMatchingKeyWins() throws GoJsonException {
    JsonNode data = GoTutorialJson.parse("{\"userId\":1,\"USERID\":2,\"usersid\":[3]}");
    assertEquals(2, GoTutorialJson.intField(data, "userId"));
    assertEquals(List.of(3), GoTutorialJson.intsField(data, "UsersId"));
  }

  @Test
  void missingOrNullFieldsKeepTheirZeroValue() throws GoJsonException {
    JsonNode data = GoTutorialJson.parse("{\"code\":null,\"UsersId\":null}");
    assertEquals(0, GoTutorialJson.intField(data, "code"));
    assertEquals("", GoTutorialJson.stringField(data, "error"));
    assertNull(GoTutorialJson.intsField(data, "UsersId"), "a nil slice");
  }

  @Test
  void aValueOfTheWrongKindOrBrokenJsonFailsToDecode() throws GoJsonException {
    JsonNode data = GoTutorialJson.parse("{\"userId\":\"200\",\"code\":1.5}");
    assertThrows(GoJsonException.class, () -> GoTutorialJson.intField(data, "userId"));
    assertThrows(GoJsonException.class, () -> GoTutorialJson.intField(data, "code"));
    assertThrows(GoJsonException.class, () -> GoTutorialJson.parse("{\"a\":1} {"));
    assertThrows(GoJsonException.class, () -> GoTutorialJson.decodeEnvelope(new byte[0]));
  }
}
