package chatroom.support;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Asks questions on a console and re-asks until the answer makes sense.
 *
 * <p>Every method returns an empty {@link Optional} at the end of input (Ctrl-D, or the end of a
 * scripted input file), so a client can stop cleanly instead of looping forever.
 */
public final class Prompter {
  private final BufferedReader in;
  private final PrintStream out;
  private final Console terminal;

  /** Reads answers from {@code in} and writes questions to {@code out}. */
  public Prompter(BufferedReader in, PrintStream out) {
    this(in, out, null);
  }

  /**
   * Like {@link #Prompter(BufferedReader, PrintStream)}, and reads {@link #secret secrets} from
   * {@code terminal} without echoing them, when it is not null.
   */
  public Prompter(BufferedReader in, PrintStream out, Console terminal) {
    this.in = in;
    this.out = out;
    this.terminal = terminal;
  }

  /** Asks for a whole number from {@code min} to {@code max}, re-asking on anything else. */
  public Optional<Integer> number(String question, int min, int max) {
    while (true) {
      Optional<String> answer = line(question);
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      try {
        int value = Integer.parseInt(answer.get().trim());
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException notANumber) {
        // re-ask below
      }
      out.println("Please enter a number from " + min + " to " + max + ".");
    }
  }

  /** Asks for a password: not shown while typed when there is a real terminal. */
  public Optional<String> secret(String question) {
    if (terminal == null) {
      return line(question);
    }
    char[] typed = terminal.readPassword("%s", question);
    return typed == null ? Optional.empty() : Optional.of(new String(typed));
  }

  /** Asks for a line of text; the answer may be empty. */
  public Optional<String> line(String question) {
    out.print(question);
    out.flush();
    try {
      return Optional.ofNullable(in.readLine());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
