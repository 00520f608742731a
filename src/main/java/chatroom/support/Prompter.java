package chatroom.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Asks questions on a console and re-asks until the answer makes sense.
 *
 * <p>Every method returns an empty {@link Optional} at the end of input (Ctrl-D, or the end of a
 * scripted input file), so a client can stop cleanly instead of looping forever. No answer may be
 * longer than {@link #MAX_LINE_CHARS} characters: a longer line is refused with a message and the
 * question asked again, and it is never held in memory whole.
 */
public final class Prompter {
  /** The longest line accepted: the longest chat message (lesson 08). */
  public static final int MAX_LINE_CHARS = 4096;

  /** Where answers come from: a plain reader, or a line editor such as JLine. */
  @FunctionalInterface
  public interface Lines {
    /**
     * Shows {@code question} and reads one line; empty at the end of input. A line longer than
     * {@link #MAX_LINE_CHARS} characters may come back cut short, but still longer than that, so
     * the caller can tell it was too long.
     *
     * @param secret true for a password, which should not be shown as it is typed
     */
    Optional<String> read(String question, boolean secret);
  }

  private final Lines lines;
  private final Consumer<String> say;

  /**
   * Asks through {@code lines}; says things (such as "please type a number") through {@code say}.
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
            return Optional.ofNullable(readLine(in));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return new Prompter(lines, out::println);
  }

  /**
   * Reads one line, without its line ending, or null at the end of input. A line longer than {@link
   * #MAX_LINE_CHARS} is read to its end but kept only to one character more than that.
   */
  public static String readLine(Reader in) throws IOException {
    StringBuilder line = new StringBuilder();
    int characters = 0; // code points: an emoji is two chars but one character
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (!Character.isLowSurrogate((char) c)) {
        characters++;
      }
      if (characters <= MAX_LINE_CHARS + 1) {
        line.append((char) c);
      }
    }
    if (c == -1 && line.length() == 0) {
      return null;
    }
    int end = line.length();
    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
  }

  /** Asks for one of {@code count} numbered choices, re-asking until it gets one. */
  public Optional<Integer> choice(String question, int count) {
    while (true) {
      Optional<String> answer = line(question);
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      Optional<Integer> number = wholeNumber(answer.get());
      if (number.isPresent() && number.get() >= 1 && number.get() <= count) {
        return number;
      }
      say.accept("Please type a number from 1 to " + count + ".");
    }
  }

  /**
   * Asks for a user id, re-asking until it gets a whole number of 1 or more. An empty line gives an
   * empty answer, as the end of input does: the way back.
   */
  public Optional<Integer> userId(String question) {
    while (true) {
      Optional<String> answer = line(question);
      if (answer.isEmpty() || answer.get().isBlank()) {
        return Optional.empty();
      }
      Optional<Integer> number = wholeNumber(answer.get());
      if (number.isPresent() && number.get() >= 1) {
        return number;
      }
      say.accept("A user id is a whole number, 1 or more (an empty line goes back).");
    }
  }

  /** Asks a yes-or-no question; empty at the end of input. */
  public Optional<Boolean> yesOrNo(String question) {
    while (true) {
      Optional<String> answer = line(question);
      if (answer.isEmpty()) {
        return Optional.empty();
      }
      switch (answer.get().strip().toLowerCase(Locale.ROOT)) {
        case "y", "yes" -> {
          return Optional.of(true);
        }
        case "n", "no" -> {
          return Optional.of(false);
        }
        default -> say.accept("Please type y or n.");
      }
    }
  }

  /** Asks for a line of text; the answer may be empty, never too long. */
  public Optional<String> line(String question) {
    return read(question, false);
  }

  /** Asks for a password, not shown while typed where the console can hide it. */
  public Optional<String> secret(String question) {
    return read(question, true);
  }

  private Optional<String> read(String question, boolean secret) {
    while (true) {
      Optional<String> answer = lines.read(question, secret);
      if (answer.isEmpty()
          || answer.get().codePointCount(0, answer.get().length()) <= MAX_LINE_CHARS) {
        return answer;
      }
      say.accept(
          "That line is too long: at most " + MAX_LINE_CHARS + " characters. Nothing was sent.");
    }
  }

  private static Optional<Integer> wholeNumber(String text) {
    try {
      return Optional.of(Integer.parseInt(text.strip()));
    } catch (NumberFormatException notAWholeNumber) {
      return Optional.empty();
    }
  }
}
