package chatroom.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every question re-asked in words a person understands, and no answer too long to hold. */
class PrompterTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private Prompter typing(String keys) {
    return Prompter.plain(
        new BufferedReader(new StringReader(keys)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  private String said() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aChoiceIsReAskedUntilItIsOneOfTheNumbers() {
    assertEquals(Optional.of(2), typing("login\n0\n\n2\n").choice("Choose (1-3): ", 3));
    assertEquals(3, said().split("Please type a number from 1 to 3\\.", -1).length - 1, said());
  }

  @Test
  void aUserIdIsReAskedInWordsAndAnEmptyLineGoesBack() {
    assertEquals(Optional.of(7), typing("seven\n-1\n99999999999\n7\n").userId("User id: "));
    assertEquals(
        3,
        said()
                .split(
                    "A user id is a whole number, 1 or more \\(an empty line goes back\\)\\.", -1)
                .length
            - 1,
        said());
    assertTrue(!said().contains("2147483647"), said());
    assertEquals(Optional.empty(), typing("\n").userId("User id: "));
  }

  @Test
  void yesOrNoTakesTheShortAndLongForms() {
    Prompter prompter = typing("maybe\nY\nno\n");
    assertEquals(Optional.of(true), prompter.yesOrNo("Reconnect? (y/n) "));
    assertEquals(Optional.of(false), prompter.yesOrNo("Reconnect? (y/n) "));
    assertEquals(Optional.empty(), prompter.yesOrNo("Reconnect? (y/n) "), "the end of input");
    assertTrue(said().contains("Please type y or n."), said());
  }

  @Test
  void aLineOverTheLimitIsRefusedAndAskedAgain() {
    String tooLong = "😀".repeat(Prompter.MAX_LINE_CHARS + 1); // two chars each, one character
    assertEquals(Optional.of("ok"), typing(tooLong + "\nok\n").line("> "));
    assertTrue(said().contains("That line is too long: at most 4096 characters."), said());
    assertEquals(
        Optional.of("😀".repeat(Prompter.MAX_LINE_CHARS)),
        typing("😀".repeat(Prompter.MAX_LINE_CHARS) + "\n").line("> "),
        "the limit counts characters, not chars");
  }

  @Test
  void readLineNeverKeepsMoreThanOneCharacterOverTheLimit() throws IOException {
    StringReader endless = new StringReader("x".repeat(1_000_000) + "\r\nnext");
    assertEquals(Prompter.MAX_LINE_CHARS + 1, Prompter.readLine(endless).length());
    assertEquals("next", Prompter.readLine(endless), "a last line without its newline");
    assertNull(Prompter.readLine(endless));
  }
}
