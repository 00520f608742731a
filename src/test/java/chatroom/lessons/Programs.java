package chatroom.lessons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The programs a lesson runs, as its commands name them: which arguments each accepts and which
 * port it uses. A program reads its options either with picocli (a {@code @Command} class in its
 * package) or, like the tutorial's first programs, as plain values in a fixed order that its usage
 * line names ({@code Usage: EchoClient [host] [port]}).
 */
final class Programs {
  private static final Pattern MAIN = Pattern.compile("-Dmain=([\\w.$]+)");
  private static final Pattern ARGS = Pattern.compile("-Dargs=(?:\"([^\"]*)\"|'([^']*)'|(\\S+))");
  private static final Pattern USAGE = Pattern.compile("\"Usage: (\\w+) ((?:\\[\\w+\\] ?)+)");
  private static final Pattern SHELL_SUBSTITUTION = Pattern.compile("\\$\\([^)]*\\)");

  /** The main class `mvn exec:exec` runs without {@code -Dmain}: the project's main job. */
  static final String MAIN_JOB = "chatroom.chat.server.ChatServer";

  private final ProjectClasses classes;
  private final Path root;

  Programs(ProjectClasses classes, Path root) {
    this.classes = classes;
    this.root = root;
  }

  /** A program and its arguments, as one `mvn ... exec:exec` command runs it. */
  record Run(String mainClass, List<String> args) {
    String simpleName() {
      return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }
  }

  /** What {@code command} runs, if it is an `mvn ... exec:exec` command. */
  static Optional<Run> run(String command) {
    if (!command.startsWith("mvn ") || !command.contains("exec:exec")) {
      return Optional.empty();
    }
    Matcher main = MAIN.matcher(command);
    String mainClass = main.find() ? main.group(1) : MAIN_JOB;
    List<String> args = new ArrayList<>();
    Matcher given = ARGS.matcher(command);
    if (given.find()) {
      String value = given.group(1) != null ? given.group(1) : given.group(2);
      value = value != null ? value : given.group(3);
      // $(pgrep ...) and the like stand for a number the shell fills in
      value = SHELL_SUBSTITUTION.matcher(value).replaceAll("12345");
      for (String arg : value.trim().split("\\s+")) {
        if (!arg.isEmpty()) {
          args.add(arg);
        }
      }
    }
    return Optional.of(new Run(mainClass, List.copyOf(args)));
  }

  /** Why {@code run}'s program would refuse its arguments, or empty if it takes them. */
  Optional<String> problemWith(Run run) {
    Optional<Class<?>> options = optionsClass(run.mainClass());
    if (options.isPresent()) {
      try {
        new CommandLine(newInstance(options.get())).parseArgs(run.args().toArray(String[]::new));
        return Optional.empty();
      } catch (CommandLine.ParameterException e) {
        return Optional.of(e.getMessage());
      }
    }
    List<String> usage = usage(run.mainClass());
    if (usage.isEmpty()) {
      return Optional.empty(); // a program whose options no lesson can check yet
    }
    if (run.args().size() > usage.size()) {
      return Optional.of("at most " + usage.size() + " arguments: " + usage);
    }
    for (int i = 0; i < run.args().size(); i++) {
      if (usage.get(i).equals("port") && !isPort(run.args().get(i))) {
        return Optional.of("'" + run.args().get(i) + "' is not a port");
      }
    }
    return Optional.empty();
  }

  /** The port {@code run}'s program listens on or connects to: given, or its default. */
  int port(Run run) {
    Optional<Class<?>> options = optionsClass(run.mainClass());
    if (options.isPresent()) {
      CommandLine cli = new CommandLine(newInstance(options.get()));
      cli.parseArgs(run.args().toArray(String[]::new));
      return cli.getCommandSpec().findOption("--port").getValue();
    }
    int at = usage(run.mainClass()).indexOf("port");
    if (at >= 0 && at < run.args().size()) {
      return Integer.parseInt(run.args().get(at));
    }
    return defaultPorts(run.mainClass()).iterator().next();
  }

  /**
   * The value of an option of {@code run}'s program once its arguments are read: given, or the
   * default.
   */
  <T> T option(Run run, String name) {
    Class<?> options =
        optionsClass(run.mainClass())
            .orElseThrow(() -> new IllegalArgumentException(run.mainClass() + " has no options"));
    CommandLine cli = new CommandLine(newInstance(options));
    cli.parseArgs(run.args().toArray(String[]::new));
    return cli.getCommandSpec().findOption(name).getValue();
  }

  /** {@code run}'s arguments, changed so that the program uses {@code port} instead. */
  List<String> withPort(Run run, int port) {
    List<String> args = new ArrayList<>(run.args());
    if (optionsClass(run.mainClass()).isPresent()) {
      int at = args.indexOf("--port");
      if (at >= 0) {
        args.set(at + 1, String.valueOf(port));
      } else {
        args.addAll(List.of("--port", String.valueOf(port)));
      }
      return args;
    }
    List<String> usage = usage(run.mainClass());
    int at = usage.indexOf("port");
    while (args.size() < at) { // the values before the port keep their defaults
      args.add(usage.get(args.size()).equals("host") ? "localhost" : "");
    }
    if (at < args.size()) {
      args.set(at, String.valueOf(port));
    } else {
      args.add(String.valueOf(port));
    }
    return args;
  }

  /**
   * The ports a program uses unless told otherwise: its port options' defaults, or its package's.
   */
  Set<Integer> defaultPorts(String mainClass) {
    Set<Integer> ports = new LinkedHashSet<>();
    Optional<Class<?>> options = optionsClass(mainClass);
    if (options.isPresent()) {
      CommandLine cli = new CommandLine(newInstance(options.get()));
      for (OptionSpec option : cli.getCommandSpec().options()) {
        if (option.longestName().endsWith("port") && option.getValue() instanceof Integer port) {
          ports.add(port);
        }
      }
      return ports;
    }
    for (Class<?> type : classes.inPackage(packageOf(mainClass))) {
      for (Field field : type.getDeclaredFields()) {
        if (field.getName().equals("DEFAULT_PORT")
            && Modifier.isStatic(field.getModifiers())
            && field.getType() == int.class) {
          try {
            ports.add(field.getInt(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return ports;
  }

  /**
   * The picocli command that reads {@code mainClass}'s options: the main class itself, or the one
   * {@code @Command} class of its package when the main class's source names it (a test harness
   * such as {@code chatroom.bench.RegistrationStorm} shares a package with a command it does not
   * use).
   */
  Optional<Class<?>> optionsClass(String mainClass) {
    List<Class<?>> commands =
        classes.inPackage(packageOf(mainClass)).stream()
            .filter(c -> c.isAnnotationPresent(Command.class))
            .toList();
    Optional<Class<?>> itself =
        commands.stream().filter(c -> c.getName().equals(mainClass)).findFirst();
    if (itself.isPresent()) {
      return itself;
    }
    if (commands.size() != 1 || !sourceOf(mainClass).contains(commands.get(0).getSimpleName())) {
      return Optional.empty();
    }
    return Optional.of(commands.get(0));
  }

  /**
   * The main source of {@code mainClass}, or nothing when it is not a main class of the project.
   */
  private String sourceOf(String mainClass) {
    Path source = root.resolve("src/main/java/" + mainClass.replace('.', '/') + ".java");
    try {
      return Files.exists(source) ? Files.readString(source) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The values a plain program takes, in order, from the usage line in its source. */
  List<String> usage(String mainClass) {
    Path source = root.resolve("src/main/java/" + mainClass.replace('.', '/') + ".java");
    try {
      if (!Files.exists(source)) {
        return List.of();
      }
      Matcher usage = USAGE.matcher(Files.readString(source));
      if (!usage.find()) {
        return List.of();
      }
      return List.of(usage.group(2).replaceAll("[\\[\\]]", "").trim().split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isPort(String text) {
    return text.matches("\\d{1,5}") && Integer.parseInt(text) <= 65_535;
  }

  private static String packageOf(String className) {
    return className.substring(0, className.lastIndexOf('.'));
  }

  private static Object newInstance(Class<?> type) {
    try {
      var constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot make the options of " + type.getName(), e);
    }
  }
}
