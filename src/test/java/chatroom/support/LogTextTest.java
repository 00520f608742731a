package chatroom.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void ordinaryTextIsLeftAsItIs() {
    assertEquals("Zoë 张伟 😀 'quoted'", LogText.of("Zoë 张伟 😀 'quoted'"));
  }

  @Test
  void lineBreaksEscapesAndInvisibleCharactersAreWrittenAsEscapes() {
    assertEquals(
        "a\\nb\\r\\tc\\u001b[2J\\u202eabc\\u200b\\u2028\\\\n",
        LogText.of("a\nb\r\tc\u001b[2J\u202eabc\u200b\u2028\\n"));
  }

  @Test
  void longTextIsCutAndSaysHowMuchWasLeftOut() {
    assertEquals("x".repeat(100) + "…(59900 more)", LogText.of("x".repeat(60_000)));
    assertEquals("xxx…(2 more)", LogText.of("xxxxx", 3));
  }

  @Test
  void escapesCountTowardsTheLimitSoTheLineStaysShort() {
    String escaped = LogText.of("\u001b".repeat(1_000));
    assertEquals("\\u001b".repeat(17) + "…(983 more)", escaped);
  }
}
