package chatroom.lessons;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * A terminal as a lesson's transcript shows it, for a console program that a test runs: the test
 * types a line once the program has shown what comes before it, the typed line is echoed (a hidden
 * one as just Enter), and a line that another thread prints while a question waits for an answer
 * appears above the question, as on a real terminal, where the client's line editor puts it there.
 * So what the program shows here reads like the transcript a learner copies from their terminal.
 * (The programs write each prompt, and each line, with one call; that is what tells them apart.)
 */
final class ScriptedTerminal {
  /** A line to type once the screen ends with {@code after}. */
  private record Key(String after, String text, boolean hidden) {}

  private final Duration wait;
  private final StringBuilder lines = new StringBuilder(); // complete lines, in screen order
  private final StringBuilder question = new StringBuilder(); // the unfinished last line
  private final Map<Thread, StringBuilder> printedAbove = new HashMap<>();
  private final Deque<Key> keys = new ArrayDeque<>();
  private Thread asking; // who wrote the unfinished line
  private boolean ended;
  private String failure;

  ScriptedTerminal(Duration wait) {
    this.wait = wait;
  }

  /** Types {@code text} and Enter once the screen ends with {@code after}. */
  synchronized ScriptedTerminal type(String after, String text) {
    keys.add(new Key(after, text, false));
    notifyAll();
    return this;
  }

  /** As {@link #type}, for a password: the screen shows only the Enter. */
  synchronized ScriptedTerminal typeHidden(String after, String text) {
    keys.add(new Key(after, text, true));
    notifyAll();
    return this;
  }

  /** Ends the input once every line typed so far has been read, as Ctrl-D does. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** Everything on the screen. */
  synchronized String text() {
    StringBuilder all = new StringBuilder(lines);
    printedAbove.values().forEach(all::append);
    return all.append(question).toString();
  }

  /** Waits until the screen shows {@code part}. */
  synchronized void await(String part) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!text().contains(part)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the program never showed: " + part + "\nscreen:\n" + text());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /**
   * Waits until every line given to {@link #type} so far has been typed and the screen ends with
   * {@code question}: the program asks it and waits for an answer.
   */
  synchronized void awaitAsking(String question) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!keys.isEmpty() || !text().endsWith(question)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("the program never asked: " + question + "\nscreen:\n" + text());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** Why the script could not be typed (the program never showed what a key waits for), or null. */
  synchronized String failure() {
    return failure;
  }

  /** What the program writes to. */
  PrintStream screen() {
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            shown(new String(b, off, len, StandardCharsets.UTF_8), Thread.currentThread());
          }
        };
    return new PrintStream(out, true, StandardCharsets.UTF_8);
  }

  /**
   * What the program reads: one typed line per read, once the screen has shown what it waits for.
   */
  InputStream keyboard() {
    return new InputStream() {
      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        byte[] line = nextLine();
        if (line == null) {
          return -1;
        }
        if (line.length > len) {
          throw new IllegalStateException("a typed line longer than the program's read buffer");
        }
        System.arraycopy(line, 0, b, off, line.length);
        return line.length;
      }
    };
  }

  private synchronized byte[] nextLine() {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (failure != null) {
        return null;
      }
      Key key = keys.peek();
      if (key != null && text().endsWith(key.after())) {
        keys.poll();
        question.append(key.hidden() ? "" : key.text()).append('\n');
        lines.append(question);
        question.setLength(0);
        asking = null;
        notifyAll();
        return (key.text() + "\n").getBytes(StandardCharsets.UTF_8);
      }
      if (key == null && ended) {
        return null;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        failure =
            key == null
                ? "the program waited for input the script does not give\nscreen:\n" + text()
                : "the program never showed what the script types '"
                    + key.text()
                    + "' after:\n"
                    + key.after()
                    + "\nscreen:\n"
                    + text();
        notifyAll();
        return null;
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  /**
   * Text from a program thread. A line from another thread than the one asking a question goes
   * above the question, as a line editor would print it. A question its own thread moves on from
   * without an answer (the server went away, and the client stopped waiting) is erased, as the
   * client's line editor erases it.
   */
  private synchronized void shown(String text, Thread writer) {
    if (question.length() > 0 && writer == asking) {
      question.setLength(0);
      asking = null;
    }
    if (question.length() > 0 && writer != asking) {
      StringBuilder above = printedAbove.computeIfAbsent(writer, w -> new StringBuilder());
      above.append(text);
      int end = above.lastIndexOf("\n");
      if (end >= 0) {
        lines.append(above, 0, end + 1);
        above.delete(0, end + 1);
      }
    } else {
      question.append(text);
      int end = question.lastIndexOf("\n");
      if (end >= 0) {
        lines.append(question, 0, end + 1);
        question.delete(0, end + 1);
      }
      asking = question.length() > 0 ? writer : null;
    }
    notifyAll();
  }
}
