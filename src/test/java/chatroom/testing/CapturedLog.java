package chatroom.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Records what the servers log during one test (slf4j-simple writes to {@code System.out}), so a
 * test can wait for a log line. Register with {@code @RegisterExtension}.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {
  private final List<String> lines = new ArrayList<>();
  private PrintStream original;

  @Override
  public void beforeEach(ExtensionContext context) {
    original = System.out;
    System.setOut(new PrintStream(new Tee(original), true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setOut(original);
  }

  /** Every complete line logged so far. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits up to {@code timeout} for a line that matches, and returns it. */
  public synchronized String await(Predicate<String> matcher, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < lines.size(); checked++) {
        if (matcher.test(lines.get(checked))) {
          return lines.get(checked);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        fail("no matching log line within " + timeout + "; logged:\n" + String.join("\n", lines));
      }
      wait(Math.max(1, left / 1_000_000)); // woken by every new line
    }
  }

  /** Waits for a line containing every one of {@code parts}. */
  public String awaitContaining(Duration timeout, String... parts) throws InterruptedException {
    return await(line -> List.of(parts).stream().allMatch(line::contains), timeout);
  }

  private synchronized void addLine(String line) {
    lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    notifyAll();
  }

  /** Passes output through to the real stream and keeps a copy of each complete line. */
  private final class Tee extends OutputStream {
    private final PrintStream through;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Tee(PrintStream through) {
      this.through = through;
    }

    @Override
    public synchronized void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      through.write(b, off, len); // whole: the test runner copes badly with single bytes
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          addLine(pending.toString(StandardCharsets.UTF_8));
          pending.reset();
        } else {
          pending.write(b[i]);
        }
      }
    }

    @Override
    public void flush() {
      through.flush();
    }
  }
}
