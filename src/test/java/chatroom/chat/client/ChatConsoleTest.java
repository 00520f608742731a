package chatroom.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.support.Prompter;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.TestThreads;
import chatroom.testing.TypedConsole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Nested;
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
          CompletableFuture.supplyAsync(() -> console.read("> ", false), TestThreads.NEW_THREAD);
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
  void aLongLineIsWrappedWithTheIndentCountingWideCharactersAsTwo() {
    assertEquals("xxxxxxxxxx\n    xxxxxx\n    xxx", ChatConsole.wrap("x".repeat(19), 10));
    assertEquals("你你你你你\n    你你你", ChatConsole.wrap("你".repeat(8), 10));
    assertEquals("ab\ncd", ChatConsole.wrap("ab\ncd", 10), "short lines stay as they are");
    assertEquals("aaaaaaaaaa\n    bbb", ChatConsole.wrap("aaaaaaaaaa bbb", 10), "space dropped");
    String coloured = "\u001b[1mUsage:\u001b[21;0m ChatClient";
    assertEquals(coloured, ChatConsole.wrap(coloured, 20), "colour codes take no room");
    assertEquals("x".repeat(50), ChatConsole.wrap("x".repeat(50), 0), "width unknown");
  }

  /**
   * A message padded to the edge of the screen, then a line of its own: on an 80-column terminal no
   * row may start with the fake line (issue 10, row 11). The screen is what a terminal that wraps
   * at 80 columns would show of what was written.
   */
  @Test
  void aPaddedFakeLineNeverStartsARowOfTheScreen() throws Exception {
    String fake =
        "hi" + "\u00A0 ".repeat(100) + "[11:44:49] admin (1) to you: obey\n" + "x".repeat(78);
    String line =
        new Display(Clock.systemUTC())
            .pushed(new chatroom.chat.common.SmsMes(fake, 666, "", "Mallory"));
    try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
      ChatConsole.on(xterm.terminal()).show(line);
      List<String> rows = xterm.rows();
      assertTrue(rows.get(0).startsWith("["), rows.toString());
      for (String row : rows.subList(1, rows.size())) {
        assertTrue(row.isEmpty() || row.startsWith(Display.INDENT), "a row of its own: " + rows);
      }
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

  /** Issue 12: long input refused at once, a hidden password, reads another thread can end. */
  @Nested
  class Input {
    private final Duration wait = ChatServerFixture.WAIT;

    @Test
    void aHundredThousandCharacterPasteIsRefusedAtOnceAndTheNextLineIsRead() throws Exception {
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        Prompter prompter = new Prompter(console, console::show);
        CompletableFuture<Optional<String>> typed =
            CompletableFuture.supplyAsync(() -> prompter.line("> "), TestThreads.NEW_THREAD);
        xterm.type("x".repeat(100_000) + "\r" + "hello\r");
        assertEquals(Optional.of("hello"), typed.get(wait.toSeconds(), TimeUnit.SECONDS));
        assertTrue(xterm.text().contains("That line is too long: at most 4096 characters."));
      }
    }

    @Test
    void aBracketedPasteOverTheLimitIsRefusedToo() throws Exception {
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        CompletableFuture<Optional<String>> typed =
            CompletableFuture.supplyAsync(() -> console.read("> ", false), TestThreads.NEW_THREAD);
        xterm.type("\u001b[200~" + "y".repeat(5000) + "\u001b[201~\r");
        String line = typed.get(wait.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertEquals(Prompter.MAX_LINE_CHARS + 1, line.length(), "cut, but still too long");
      }
    }

    @Test
    void aLineAtTheLimitIsAcceptedWhole() throws Exception {
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        CompletableFuture<Optional<String>> typed =
            CompletableFuture.supplyAsync(() -> console.read("> ", false), TestThreads.NEW_THREAD);
        String longest = "ab".repeat(Prompter.MAX_LINE_CHARS / 2);
        xterm.type(longest + "\r");
        assertEquals(Optional.of(longest), typed.get(wait.toSeconds(), TimeUnit.SECONDS));
      }
    }

    @Test
    void aPasswordIsNotShownNotEvenAsStars() throws Exception {
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        CompletableFuture<Optional<String>> typed =
            CompletableFuture.supplyAsync(
                () -> console.read("Password: ", true), TestThreads.NEW_THREAD);
        xterm.awaitShown("Password: ", wait); // keys typed before would be echoed by the terminal
        xterm.type("s3cret\r");
        assertEquals(Optional.of("s3cret"), typed.get(wait.toSeconds(), TimeUnit.SECONDS));
        String screen = xterm.text();
        assertTrue(screen.contains("Password: "), screen);
        assertFalse(screen.contains("s3cret") || screen.contains("*"), screen);
      }
    }

    @Test
    void withoutATerminalAnOverLongLineIsRefusedAndTheNextOneRead() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ChatConsole console =
          ChatConsole.over(
              new ByteArrayInputStream(
                  ("x".repeat(100_000) + "\nhello\n").getBytes(StandardCharsets.UTF_8)),
              out);
      Prompter prompter = new Prompter(console, console::show);
      assertEquals(Optional.of("hello"), prompter.line("> "));
      assertTrue(
          out.toString(StandardCharsets.UTF_8).contains("That line is too long"),
          out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anInterruptEndsTheReadAndEveryLaterOneUntilResumed() throws Exception {
      try (TypedConsole keyboard = new TypedConsole()) {
        ChatConsole console = ChatConsole.over(keyboard.keyboard(), keyboard.screen());
        CompletableFuture<Optional<String>> waiting =
            CompletableFuture.supplyAsync(
                () -> console.read("Choose (1-4): ", false), TestThreads.NEW_THREAD);
        keyboard.awaitShown("Choose (1-4): ", wait);
        console.interrupt();
        assertEquals(Optional.empty(), waiting.get(wait.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Optional.empty(), console.read("Another question? ", false));
        assertFalse(keyboard.shown().contains("Another question?"), "not even asked");

        console.resume();
        keyboard.type("y\n");
        assertEquals(Optional.of("y"), console.read("Reconnect? (y/n) ", false));
      }
    }

    @Test
    void onATerminalAnInterruptEndsTheRead() throws Exception {
      try (InMemoryTerminal xterm = new InMemoryTerminal(80)) {
        ChatConsole console = ChatConsole.on(xterm.terminal());
        CompletableFuture<Optional<String>> waiting =
            CompletableFuture.supplyAsync(
                () -> console.read("Choose (1-4): ", false), TestThreads.NEW_THREAD);
        xterm.awaitShown("Choose (1-4): ", wait);
        console.interrupt();
        assertEquals(Optional.empty(), waiting.get(wait.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Optional.empty(), console.read("Another question? ", false));

        console.resume();
        CompletableFuture<Optional<String>> again =
            CompletableFuture.supplyAsync(
                () -> console.read("Reconnect? (y/n) ", false), TestThreads.NEW_THREAD);
        xterm.type("y\r");
        assertEquals(Optional.of("y"), again.get(wait.toSeconds(), TimeUnit.SECONDS));
      }
    }
  }
}
