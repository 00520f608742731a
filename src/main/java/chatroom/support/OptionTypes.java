package chatroom.support;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Option value types shared by the programs' command lines: picocli converts and checks each value
 * as it parses, so a mistake is reported with the option's name before anything starts.
 */
public final class OptionTypes {
  private OptionTypes() {}

  /** A TCP port, 0 to 65535 (0: any free port). */
  public static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return PortNumber.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** A whole number of at least 1. */
  public static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(value, 1, "a whole number, 1 or more");
    }
  }

  /** A whole number of at least 0; 0 usually means "no limit". */
  public static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(value, 0, "a whole number, 0 or more");
    }
  }

  private static int atLeast(String value, int min, String kind) {
    try {
      int n = Integer.parseInt(value.trim().replace("_", ""));
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // the message below says what is wanted
    }
    throw new TypeConversionException("'" + value + "' is not " + kind);
  }

  /**
   * Parses {@code args} into {@code options}, then runs {@code job}: how every main in this project
   * starts. {@code --help} and {@code --version} print and return 0; a mistake prints what is
   * wrong, a suggestion for a mistyped option and the usage, and returns 2.
   *
   * @return the exit status for {@code System.exit}
   */
  public static int run(Object options, String[] args, java.util.function.IntSupplier job) {
    return run(options, args, null, null, job);
  }

  /**
   * As {@link #run(Object, String[], java.util.function.IntSupplier)}, with help and version
   * written to {@code out} and mistakes to {@code err} (each null for the standard stream).
   */
  public static int run(
      Object options,
      String[] args,
      PrintWriter out,
      PrintWriter err,
      java.util.function.IntSupplier job) {
    CommandLine cli = new CommandLine(options);
    if (out != null) {
      cli.setOut(out);
    }
    if (err != null) {
      cli.setErr(err);
    }
    cli.setExecutionStrategy(
        parsed -> {
          Integer helpShown = CommandLine.executeHelpRequest(parsed);
          return helpShown != null ? helpShown : job.getAsInt();
        });
    return cli.execute(args);
  }

  /**
   * Parses {@code args} into {@code options} without running anything, for tests and for programs
   * that parse before they start.
   *
   * @throws IllegalArgumentException with picocli's description of the mistake
   */
  public static <T> T parse(T options, String... args) {
    try {
      new CommandLine(options).parseArgs(args);
      return options;
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
