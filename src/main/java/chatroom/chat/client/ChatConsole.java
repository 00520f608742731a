package chatroom.chat.client;

import chatroom.support.Prompter;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.WCWidth;

/**
 * The chat client's console: a line editor (JLine) on a real terminal, plain lines otherwise.
 *
 * <p>Messages arrive on a background thread while the user may be half-way through typing a line.
 * Printed naively, they would land in the middle of that line. On a terminal, {@link #show} prints
 * above the line being edited and redraws it underneath, so nothing is garbled. When input comes
 * from a file or a pipe there is nothing to garble, and plain lines are read.
 */
public final class ChatConsole implements Prompter.Lines, AutoCloseable {
  private final Terminal terminal; // null for plain lines
  private final LineReader reader; // null for plain lines
  private final BufferedReader plainIn;
  private final PrintStream plainOut;

  private ChatConsole(Terminal terminal, BufferedReader plainIn, PrintStream plainOut) {
    this.terminal = terminal;
    this.reader = terminal == null ? null : LineReaderBuilder.builder().terminal(terminal).build();
    this.plainIn = plainIn;
    this.plainOut = plainOut;
  }

  /** The console this program runs in: a line editor when both ends are a terminal. */
  public static ChatConsole system() throws IOException {
    if (interactive()) {
      return on(TerminalBuilder.builder().system(true).build());
    }
    return over(System.in, System.out);
  }

  /** A console on a terminal built elsewhere (tests build one over in-memory streams). */
  static ChatConsole on(Terminal terminal) {
    return new ChatConsole(terminal, null, null);
  }

  /** Plain lines over two streams, for scripted input and tests. */
  public static ChatConsole over(InputStream in, OutputStream out) {
    return new ChatConsole(
        null,
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Override
  public Optional<String> read(String question, boolean secret) {
    if (reader == null) {
      plainOut.print(question);
      plainOut.flush();
      try {
        return Optional.ofNullable(plainIn.readLine());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return Optional.of(secret ? reader.readLine(question, '*') : reader.readLine(question));
    } catch (EndOfFileException | UserInterruptException endOrCtrlC) {
      return Optional.empty();
    }
  }

  /**
   * Prints a line; while the user is typing, above their line, which is then redrawn. On a
   * terminal, a line too wide for it is wrapped here, with {@link Display#INDENT} before each part
   * after the first, rather than by the terminal, which would start the rest at the left edge.
   */
  public void show(String text) {
    if (reader == null) {
      plainOut.println(text);
    } else {
      reader.printAbove(wrap(text, terminal.getSize().getColumns()));
    }
  }

  /**
   * {@code text} with every line wider than {@code width} columns broken, each part after the first
   * indented; a character as wide as two columns (say, 你) counts as two. Unchanged when the width
   * is unknown (0) or too small for an indent to help.
   */
  static String wrap(String text, int width) {
    if (width <= 2 * Display.INDENT.length()) {
      return text;
    }
    StringBuilder wrapped = new StringBuilder(text.length() + 16);
    int column = 0;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\n') {
        wrapped.append('\n');
        column = 0;
        continue;
      }
      int columns = Math.max(0, WCWidth.wcwidth(c));
      if (column + columns > width) {
        wrapped.append('\n').append(Display.INDENT);
        column = Display.INDENT.length();
      }
      wrapped.appendCodePoint(c);
      column += columns;
    }
    return wrapped.toString();
  }

  /** Makes a read in progress end as if the input had ended (used when the server goes away). */
  public void interrupt() {
    if (terminal != null) {
      terminal.raise(Terminal.Signal.INT);
    }
  }

  @Override
  public void close() throws IOException {
    if (terminal != null) {
      terminal.close();
    }
  }

  /**
   * True when standard input and output are a terminal. Before JDK 22 that is exactly when {@code
   * System.console()} exists; from JDK 22 it exists more often and says so itself.
   */
  private static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (ReflectiveOperationException beforeJdk22) {
      return true;
    }
  }
}
