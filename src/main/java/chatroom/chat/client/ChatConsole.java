package chatroom.chat.client;

import chatroom.support.Prompter;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.NonBlockingReader;
import org.jline.utils.WCWidth;

/**
 * The chat client's console: a line editor (JLine) on a real terminal, plain lines otherwise.
 *
 * <p>Messages arrive on a background thread while the user may be half-way through typing a line.
 * Printed naively, they would land in the middle of that line. On a terminal, {@link #show} prints
 * above the line being edited and redraws it underneath, so nothing is garbled. When input comes
 * from a file or a pipe there is nothing to garble, and plain lines are read.
 *
 * <p>Either way, a line is at most {@link Prompter#MAX_LINE_CHARS} characters, and another thread
 * can {@linkplain #interrupt end the read} in progress (the connection was lost: the question being
 * asked no longer matters).
 */
public final class ChatConsole implements Prompter.Lines, AutoCloseable {
  /** JLine's mask for "echo nothing at all": no {@code *} per character, so not even the length. */
  private static final Character HIDDEN = (char) 0;

  private final Terminal terminal; // null for plain lines
  private final LineReader reader; // null for plain lines
  private final PlainInput plainIn; // null on a terminal
  private final PrintStream plainOut;
  private boolean person; // plain lines typed by a person, who can answer any question
  private volatile boolean interrupted;
  private String tooLong; // the start of an over-long line being typed; the reading thread's

  private ChatConsole(Terminal terminal, InputStream plainIn, PrintStream plainOut) {
    this.terminal = terminal;
    this.plainIn = plainIn == null ? null : new PlainInput(plainIn);
    this.plainOut = plainOut;
    if (terminal == null) {
      reader = null;
      return;
    }
    reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .option(LineReader.Option.ERASE_LINE_ON_FINISH, false) // true only when interrupted
            .build();
    reader.getWidgets().put(LineReader.SELF_INSERT, this::insertTyped);
    reader.getWidgets().put(LineReader.BEGIN_PASTE, this::insertPasted);
    reader.getWidgets().put(LineReader.CALLBACK_INIT, this::endIfInterrupted);
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
    return new ChatConsole(null, in, new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  /**
   * Plain lines over two streams, as {@link #over}, but typed by a person who reads each question
   * first and so can answer one that no script could answer in advance: whether to trust a server
   * met for the first time. For a test that plays that person.
   */
  public static ChatConsole typedByAPerson(InputStream in, OutputStream out) {
    ChatConsole console = over(in, out);
    console.person = true;
    return console;
  }

  /**
   * True where a person is there to answer: on a terminal, or {@link #typedByAPerson}; false for
   * piped or scripted input.
   */
  boolean hasAPerson() {
    return terminal != null || person;
  }

  @Override
  public Optional<String> read(String question, boolean secret) {
    if (reader == null) {
      if (interrupted) {
        return Optional.empty();
      }
      plainOut.print(question);
      plainOut.flush();
      return plainIn.next(this);
    }
    reader.option(LineReader.Option.ERASE_LINE_ON_FINISH, false);
    if (interrupted) { // checked after the option is reset: interrupt() sets it afterwards
      return Optional.empty();
    }
    tooLong = null;
    try {
      String line = secret ? reader.readLine(question, HIDDEN) : reader.readLine(question);
      if (interrupted) {
        return Optional.empty();
      }
      return Optional.of(tooLong != null ? tooLong : line);
    } catch (EndOfFileException | UserInterruptException endOrCtrlC) {
      return Optional.empty();
    }
  }

  /**
   * Types a key, and with it every printable character already waiting behind it (a paste arrives
   * as thousands of keys): JLine redraws the line after each key it handles, so a 100 000-key paste
   * handled one key at a time takes minutes. Past {@link Prompter#MAX_LINE_CHARS} characters the
   * line is emptied, and the rest of it, up to Enter, is read and dropped.
   */
  private boolean insertTyped() {
    StringBuilder typed = new StringBuilder(reader.getLastBinding());
    NonBlockingReader keys = terminal.reader();
    try {
      // peek waits at most a millisecond for the next key: this only groups what already came
      for (int c = keys.peek(1); c >= 0 && !Character.isISOControl(c); c = keys.peek(1)) {
        keys.read(1);
        if (typed.length() <= 2 * Prompter.MAX_LINE_CHARS) {
          typed.append((char) c);
        }
      }
    } catch (IOException endOfInput) {
      // the terminal is closing: keep what was read
    }
    return insert(typed.toString());
  }

  /** A bracketed paste arrives whole: JLine inserts it, then the length is checked. */
  private boolean insertPasted() {
    reader.callWidget("." + LineReader.BEGIN_PASTE);
    String line = reader.getBuffer().toString();
    if (tooLong != null || line.codePointCount(0, line.length()) > Prompter.MAX_LINE_CHARS) {
      reader.getBuffer().clear();
      tooLong = tooLong != null ? tooLong : cut(line);
    }
    return true;
  }

  private boolean insert(String typed) {
    if (tooLong != null) {
      return true; // dropped: the line is too long already
    }
    String line = reader.getBuffer().toString() + typed;
    if (line.codePointCount(0, line.length()) > Prompter.MAX_LINE_CHARS) {
      reader.getBuffer().clear();
      tooLong = cut(line);
      return true;
    }
    reader.getBuffer().write(typed);
    return true;
  }

  /** An over-long line, cut to one character more than the limit: enough to say it was too long. */
  private static String cut(String line) {
    return line.substring(0, line.offsetByCodePoints(0, Prompter.MAX_LINE_CHARS + 1));
  }

  /**
   * Runs as each read starts. An {@link #interrupt} that came just before JLine was ready to hear
   * it ends this read at once, instead of leaving it waiting for a line nobody needs.
   */
  private boolean endIfInterrupted() {
    if (interrupted) {
      reader.runMacro("\r");
    }
    return true;
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
   * indented; a character as wide as two columns (say, 你) counts as two, a space where the line
   * breaks is dropped, and the colour codes of this program's own text (picocli's help) take no
   * room. Unchanged when the width is unknown (0) or too small for an indent to help.
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
      if (c == ESC && i < text.length() && text.charAt(i) == '[') {
        int end = i + 1; // a colour code, ESC [ ... m: copied, and counted as no width
        while (end < text.length() && (text.charAt(end) < '@' || text.charAt(end) > '~')) {
          end++;
        }
        end = Math.min(end + 1, text.length());
        wrapped.appendCodePoint(c).append(text, i, end);
        i = end;
        continue;
      }
      int columns = Math.max(0, WCWidth.wcwidth(c));
      if (column + columns > width) {
        wrapped.append('\n').append(Display.INDENT);
        column = Display.INDENT.length();
        if (c == ' ') {
          continue;
        }
      }
      wrapped.appendCodePoint(c);
      column += columns;
    }
    return wrapped.toString();
  }

  private static final int ESC = 0x1b;

  /**
   * Ends the read in progress, and every later one, as if the input had ended, until {@link
   * #resume}. Used when the server goes away: whatever the user was asked, the menus must unwind.
   * On a terminal, the prompt that was waiting is erased rather than left on the screen.
   */
  public void interrupt() {
    interrupted = true;
    if (reader == null) {
      plainIn.wake();
      return;
    }
    reader.option(LineReader.Option.ERASE_LINE_ON_FINISH, true);
    if (reader.isReading()) {
      terminal.raise(Terminal.Signal.INT); // JLine ends the read; endIfInterrupted covers a race
    }
  }

  /** Lets reads wait for input again after {@link #interrupt}. */
  public void resume() {
    interrupted = false;
  }

  @Override
  public void close() throws IOException {
    if (terminal != null) {
      terminal.close();
    }
  }

  /**
   * Lines from a stream, read on a thread of their own so that a read can be ended from another
   * thread: a thread blocked reading a stream cannot be.
   */
  private static final class PlainInput {
    private static final Object END = new Object();
    private static final Object WAKE = new Object();

    private final BlockingQueue<Object> lines = new LinkedBlockingQueue<>(64);
    private final Reader in;

    PlainInput(InputStream in) {
      this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
      Thread reader = new Thread(this::readAll, "console-input");
      reader.setDaemon(true); // it may wait for a key that never comes
      reader.start();
    }

    private void readAll() {
      try {
        String line;
        while ((line = Prompter.readLine(in)) != null) {
          lines.put(line);
        }
        lines.put(END);
      } catch (IOException | InterruptedException e) {
        lines.offer(END); // the input is gone: as good as its end, if there is room to say so
      }
    }

    /** The next line, or empty at the end of input or once {@code console} is interrupted. */
    Optional<String> next(ChatConsole console) {
      try {
        while (!console.interrupted) {
          Object item = lines.take();
          if (item == END) {
            lines.offer(END); // and for every read after this one
            return Optional.empty();
          }
          if (item != WAKE) {
            return Optional.of((String) item);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Optional.empty();
    }

    void wake() {
      lines.offer(WAKE);
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
