package chatroom.chat.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;

/**
 * An xterm of a given width over in-memory streams, for driving {@link ChatConsole}'s line editor
 * in a test: keys typed into it, and the screen as a terminal would wrap it into rows. Unlike a
 * terminal from {@code TerminalBuilder}, it needs no operating-system pseudo-terminal.
 */
final class InMemoryTerminal implements AutoCloseable {
  private final PipedOutputStream keys = new PipedOutputStream();
  private final Screen screen = new Screen();
  private final Terminal terminal;
  private final int width;

  /** Collects output and wakes whoever waits for some of it. */
  static final class Screen extends ByteArrayOutputStream {
    @Override
    public synchronized void write(byte[] b, int off, int len) {
      super.write(b, off, len);
      notifyAll();
    }

    @Override
    public synchronized void write(int b) {
      super.write(b);
      notifyAll();
    }

    synchronized String text() {
      return toString(StandardCharsets.UTF_8);
    }
  }

  InMemoryTerminal(int width) throws IOException {
    this.width = width;
    terminal =
        new ExternalTerminal(
            "test", "xterm", new PipedInputStream(keys, 1 << 20), screen, StandardCharsets.UTF_8);
    terminal.setSize(Size.of(width, 24));
  }

  Terminal terminal() {
    return terminal;
  }

  /** Types text; "\r" is the Enter key. */
  void type(String text) {
    try {
      keys.write(text.getBytes(StandardCharsets.UTF_8));
      keys.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything written so far, escape sequences removed. */
  String text() {
    return screen.text().replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
  }

  /** Waits (bounded) until {@code part} has been written. */
  void awaitShown(String part, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (screen) {
      while (!text().contains(part)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("never shown: " + part + "\nscreen:\n" + text());
        }
        screen.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** The text as rows of the screen: each line cut every {@code width} characters. */
  List<String> rows() {
    List<String> rows = new ArrayList<>();
    for (String line : text().split("\n", -1)) {
      int[] chars = line.codePoints().toArray();
      for (int from = 0; from == 0 || from < chars.length; from += width) {
        rows.add(new String(chars, from, Math.min(width, chars.length - from)));
      }
    }
    return rows;
  }

  @Override
  public void close() throws IOException {
    keys.close();
    terminal.close();
  }
}
