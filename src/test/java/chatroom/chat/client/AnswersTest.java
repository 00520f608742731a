package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.common.SmsResMes;
import org.junit.jupiter.api.Test;

/** What the console prints for answers whose meaning hangs on the server's reason. */
class AnswersTest {
  @Test
  void aMessageKeptForSomeoneOfflineSaysSo() {
    assertEquals(
        "(user 300 is offline: kept until they log in)",
        Answers.privateOutcome(new SmsResMes(202, "user 300 is offline", 300)));
  }

  /**
   * Found by hand: a private message to a user online with the Go tutorial's client, which cannot
   * show it, was reported as kept because they were offline, while they were in the online list.
   */
  @Test
  void aMessageKeptForAnotherReasonGivesTheServersReason() {
    String why =
        "user 300's program cannot show private messages; kept until they use one that can";
    assertEquals("(kept, 202: " + why + ")", Answers.privateOutcome(new SmsResMes(202, why, 300)));
  }

  @Test
  void aReasonIsShownCleanOfControls() {
    assertEquals(
        "(kept, 202: fake�[2J)", Answers.privateOutcome(new SmsResMes(202, "fake\u001b[2J", 300)));
  }
}
