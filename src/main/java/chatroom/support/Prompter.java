package chatroom.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks questions on a console and re-asks until the answer makes sense.
 *
 * <p>Every method returns an empty {@link Optional} at the end of input (Ctrl-D, or the end of a
 * scripted input file), so a client can stop cleanly instead of looping forever.
 */
public final class Prompter {
  /** Where answers come from: a plain reader, or a line editor such as JLine. */
  @FunctionalInterface
  public interface Lines {
    /**
     * Shows {@code question} and reads one line; empty at the end of input.
     *
     * @param secret true for a password, which should not be shown as it is typed
     */
    Optional<String> read(String question, boolean secret);
  }

  private final Lines lines;
  private final Consumer<String> say;

  /**
   * Asks through {@code lines}; says things (such as "please enter a number") through {@code say}.
   */
  public Prompter(Lines lines, Consumer<String> say) {
    this.lines = lines;
    this.say = say;
  }

  /** A prompter on plain streams: questions to {@code out}, answers from {@code in}. */
  public static Prompter plain(BufferedReader in, PrintStream out) {
    Lines lines =
        (question, secret) -> {
          out.print(question);
          out.flush();
          try {
            return Optional.ofNullable(in.readLine());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return new Prompter(lines, out::println);
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
      say.accept("Please enter a number from " + min + " to " + max + ".");
    }
  }

  /** Asks for a line of text; the answer may be empty. */
  public Optional<String> line(String question) {
    return lines.read(question, false);
  }

  /** Asks for a password, not shown while typed where the console can hide it. */
  public Optional<String> secret(String question) {
    return lines.read(question, true);
  }
}
