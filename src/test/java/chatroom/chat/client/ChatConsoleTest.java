package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

class ChatConsoleTest {
  /**
   * On a terminal, a message shown while a line is being read is printed at once and the line being
   * typed survives it. (How JLine redraws the screen is JLine's business; lesson 08 shows it on a
   * real terminal.)
   */
  @Test
  void aMessageShownDuringAReadIsPrintedAndTheTypedLineSurvives() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Terminal xterm =
        TerminalBuilder.builder()
            .system(false)
            .streams(new PipedInputStream(keyboard), screen)
            .type("xterm")
            .encoding(StandardCharsets.UTF_8)
            .build();
    try (ChatConsole console = ChatConsole.on(xterm)) {
      CompletableFuture<Optional<String>> typed =
          CompletableFuture.supplyAsync(() -> console.read("> ", false));
      keyboard.write("half a li".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
      console.show("[12:00:00] Bob (200) to everyone: hello");
      keyboard.write("ne\r".getBytes(StandardCharsets.UTF_8));
      keyboard.flush();

      assertEquals(Optional.of("half a line"), typed.get(10, TimeUnit.SECONDS));
      assertTrue(screen.toString(StandardCharsets.UTF_8).contains("Bob (200) to everyone: hello"));
      keyboard.close();
    }
  }

  @Test
  void withoutATerminalLinesAreReadAndShownPlainly() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ChatConsole console =
        ChatConsole.over(
            new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)), out);
    assertEquals(Optional.of("one"), console.read("? ", false));
    console.show("a message");
    assertEquals(Optional.of("two"), console.read("? ", true));
    assertEquals(Optional.empty(), console.read("? ", false), "the end of input");
    assertEquals("? a message\n? ? ", out.toString(StandardCharsets.UTF_8));
  }
}
