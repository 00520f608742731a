package chatroom.chat.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChatTextTest {
  @Test
  void threeThousandChineseCharactersAreUnder4096CharactersButTooManyBytes() {
    assertEquals(
        Optional.of("the message is too long: at most 7168 bytes once sent"),
        ChatText.problem("你".repeat(3000)));
    assertEquals(Optional.empty(), ChatText.problem("你".repeat(2000)));
  }

  @Test
  void emptyLongAndControlTextIsRefusedButTabsAndNewlinesAreText() {
    assertEquals(Optional.of("the message is empty"), ChatText.problem(" \t\n"));
    assertEquals(
        Optional.of("the message is longer than 4096 characters"),
        ChatText.problem("a".repeat(4097)));
    assertEquals(
        Optional.of("the message contains control characters"), ChatText.problem("look \u001b[2J"));
    assertEquals(Optional.empty(), ChatText.problem("two\tcolumns\nand two lines"));
  }

  @Test
  void wireBytesAreExactlyWhatTheEnvelopeHolds() {
    String text = "\"quoted\" back\\slash é ✓ 😀 \n\t plain";
    byte[] body = Json.encode(MessageType.SMS_MES, new SmsMes(text, 0, "", ""));
    byte[] empty = Json.encode(MessageType.SMS_MES, new SmsMes("", 0, "", ""));
    assertEquals(body.length - empty.length, ChatText.wireBytes(text));
  }

  @Test
  void everyChatFrameWithTheLongestTextAndNameFitsATutorialPeersBuffer() {
    // Each '"' costs 4 bytes on the wire: the worst text of the most bytes the rule lets through.
    String text = "\"".repeat(ChatText.MAX_WIRE_BYTES / 4);
    assertEquals(Optional.empty(), ChatText.problem(text));
    String name = "\\".repeat(32); // the longest name, every character escaped twice
    int id = Integer.MIN_VALUE;
    byte[][] frames = {
      Json.encode(MessageType.SMS_MES, new SmsMes(text, id, "", name)),
      Json.encode(
          MessageType.PRIVATE_SMS_MES, new PrivateSmsMes(id, text, id, name, Long.MIN_VALUE, true)),
    };
    for (byte[] frame : frames) {
      assertTrue(
          frame.length <= Protocol.TUTORIAL_FRAME_BYTES,
          frame.length + " bytes: " + new String(frame, 0, 60, StandardCharsets.UTF_8));
    }
  }
}
