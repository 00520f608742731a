package chatroom.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A keyboard a test types into step by step, and a screen it can wait on: for driving a console
 * program that reacts to messages arriving in between keystrokes.
 */
public final class TypedConsole implements AutoCloseable {
  private final PipedOutputStream keys = new PipedOutputStream();
  private final PipedInputStream keyboard;
  private final Screen screen = new Screen();

  /** Collects output and wakes whoever waits for some of it. */
  public static final class Screen extends ByteArrayOutputStream {
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

    synchronized void awaitChange(long millis) throws InterruptedException {
      wait(Math.max(1, millis));
    }
  }

  /** A keyboard with nothing typed yet, and an empty screen. */
  public TypedConsole() {
    try {
      keyboard = new PipedInputStream(keys, 64 * 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the program reads. */
  public InputStream keyboard() {
    return keyboard;
  }

  /** What the program writes. */
  public ByteArrayOutputStream screen() {
    return screen;
  }

  /** Types text; "\n" presses Enter. */
  public void type(String text) throws IOException {
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
  }

  /**
   * Types text for a program that may already have stopped reading (say, it noticed on its own that
   * it should end); then the keystrokes simply go nowhere.
   */
  public void typeIfStillReading(String text) {
    try {
      type(text);
    } catch (IOException readerGone) {
      // the program ended and no longer reads its keyboard
    }
  }

  /** Everything on the screen so far. */
  public String shown() {
    return screen.text();
  }

  /** Waits (bounded) until {@code text} has appeared on the screen {@code times} times. */
  public void awaitShown(String text, int times, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (screen) {
      while (count(shown(), text) < times) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("never shown " + times + "x: " + text + "\nscreen:\n" + shown());
        }
        screen.awaitChange(left / 1_000_000);
      }
    }
  }

  /** Waits (bounded) until {@code text} is on the screen. */
  public void awaitShown(String text, Duration timeout) throws InterruptedException {
    awaitShown(text, 1, timeout);
  }

  /** Ends the input, as Ctrl-D would. */
  @Override
  public void close() throws IOException {
    keys.close();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
