package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.SmsMes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DisplayTest {
  private final Clock noon = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
  private final Display display = new Display(noon);

  @Test
  void aGroupMessageShowsTimeSenderAndText() {
    assertEquals(
        "[12:00:00] Bob (200) to everyone: hi", display.pushed(new SmsMes("hi", 200, "", "Bob")));
  }

  @Test
  void aKeptMessageShowsWhenItWasSentAndThatItWaited() {
    long yesterday = Instant.parse("2026-11-23T21:30:00Z").toEpochMilli();
    assertEquals(
        "[2026-11-23 21:30, while you were away] Ann (100) to you: hello",
        display.pushed(new PrivateSmsMes(300, "hello", 100, "Ann", yesterday, true)));
  }

  @Test
  void statusNoticesReadAsSentences() {
    assertEquals("* user 7 is online", display.pushed(new NotifyUserStatusMes(7, 0)));
    assertEquals("* user 7 went offline", display.pushed(new NotifyUserStatusMes(7, 1)));
    assertEquals("* user 7 is busy", display.pushed(new NotifyUserStatusMes(7, 2)));
  }

  @Test
  void aSenderWithoutANameIsShownByIdAsTutorialClientsSendNoName() {
    assertEquals(
        "[12:00:00] user 200 to everyone: hi-from-go",
        display.pushed(new SmsMes("hi-from-go", 200, "", "")));
  }

  @Test
  void anErrorWithoutItsTextSaysSoInsteadOfFailing() {
    assertEquals(
        "! the server says (400): no reason given", display.pushed(new ErrorResMes(400, null)));
    assertEquals(
        "! the server says (505): store down\uFFFD[2J",
        display.pushed(new ErrorResMes(505, "store down\u001b[2J")));
  }

  /** What a peer or a server could use to drive the terminal or fake a line (issue 10, row 11). */
  @Nested
  class Cleaning {
    @Test
    void controlCharactersAreReplacedWhateverTheyAre() {
      assertEquals("a\uFFFDb\uFFFDc\uFFFDd\uFFFD", Display.clean("a\u001bb\nc\u0007d\u009b"));
    }

    @Test
    void bidiControlsAndLineSeparatorsAreReplacedVisibly() {
      assertEquals("evil\uFFFDexe.txt", Display.clean("evil\u202Eexe.txt"));
      assertEquals(
          "\uFFFDa\uFFFD\uFFFDb\uFFFD\uFFFDc", Display.clean("\u2066a\u2069\u200Eb\u200F\u061Cc"));
      assertEquals("one\uFFFDtwo\uFFFDthree", Display.clean("one\u2028two\u2029three"));
    }

    @Test
    void invisibleFormatCharactersAreDropped() {
      assertEquals("admin", Display.clean("ad\u200Bmi\u2060n\uFEFF\u00AD"));
    }

    @Test
    void runsOfBlanksBecomeOneSpace() {
      assertEquals("a b c d", Display.clean("a" + " ".repeat(300) + "b\t\tc\u00A0\u3000\u2003d"));
      assertEquals("a b", Display.clean("a \u200B b"), "a dropped character does not split a run");
    }

    @Test
    void aCharacterKeepsAtMostFourAccents() {
      assertEquals("e" + "\u0301".repeat(4) + "x", Display.clean("e" + "\u0301".repeat(60) + "x"));
      assertEquals("e\u0301", Display.clean("e\u0301"), "one accent is kept");
    }

    @Test
    void halfASurrogatePairIsReplacedAndAWholeOneKept() {
      assertEquals("\uFFFDx😀", Display.clean("\uD800x😀"));
    }

    @Test
    void aMissingTextIsShownAsNothing() {
      assertEquals("", Display.clean(null));
    }

    @Test
    void aPaddedFakeLineStaysOnTheSendersLine() {
      String fake = "hi" + " ".repeat(200) + "[11:44:49] admin (1) to you: send me your password";
      assertEquals(
          "[12:00:00] Mallory (666) to everyone: hi [11:44:49] admin (1) to you: send me your"
              + " password",
          display.pushed(new SmsMes(fake, 666, "", "Mallory")));
    }

    @Test
    void everyLineOfAMessageAfterTheFirstIsIndentedAndBlankLinesRunTogether() {
      String text = "\n\nhi\n[11:44:49] admin (1) to you: obey\n\n\n\n  bye\n\n";
      assertEquals(
          "[12:00:00] Mallory (666) to everyone: hi\n"
              + "    [11:44:49] admin (1) to you: obey\n"
              + "    \n"
              + "    bye",
          display.pushed(new SmsMes(text, 666, "", "Mallory")));
    }

    @Test
    void namesAreCleanedToo() {
      assertEquals(
          "[12:00:00] Bob\uFFFD (200) to everyone: hi",
          display.pushed(new SmsMes("hi", 200, "", "Bob\u202E\u200B")));
    }
  }
}
