package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.SmsMes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
  void controlCharactersAreReplacedWhateverTheyAre() {
    assertEquals("a\uFFFDb\uFFFDc\uFFFD", Display.clean("a\u001bb\nc\u0007"));
  }
}
