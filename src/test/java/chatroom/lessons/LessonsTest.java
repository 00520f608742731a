package chatroom.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps the lessons (and the README) true to the code: every file, class, method, snippet and
 * command they name must exist as named. A rename that forgets a lesson fails the build.
 */
class LessonsTest {
  static final Path ROOT = Path.of("").toAbsolutePath();
  static final Path LESSONS = ROOT.resolve("lessons");

  /** Every lesson has these sections, in this order, so readers can find their way in any. */
  static final List<String> HEADINGS =
      List.of(
          "Goal",
          "Run it",
          "What changed",
          "The code",
          "How the test proves it",
          "Left for later",
          "Exercises");

  /** Wire names that look like class names but are JSON keys, not classes. */
  static final Set<String> WIRE_WORDS = Set.of("UsersId");

  /** Members that exist only on newer JDKs than the one the tests may run on. */
  static final Set<String> NEWER_JDK_MEMBERS =
      Set.of("Thread.ofVirtual", "Executors.newVirtualThreadPerTaskExecutor");

  private static final Pattern CLASS_MEMBER =
      Pattern.compile("^([A-Z][A-Za-z0-9]*)[.#]([A-Za-z_][A-Za-z0-9_]*)(\\(.*\\))?$");
  private static final Pattern CLASS_NAME = Pattern.compile("^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+$");
  private static final Pattern SOURCE_PATH = Pattern.compile("^src/(main|test)/[\\w/.-]+$");
  private static final Pattern MAIN_PROPERTY = Pattern.compile("-Dmain=([\\w.$]+)");
  private static final Pattern TEST_PROPERTY = Pattern.compile("-Dtest=['\"]?([^'\"\\s]+)");

  static final ProjectClasses CLASSES =
      new ProjectClasses(ROOT.resolve("target/classes"), ROOT.resolve("target/test-classes"));

  static final Programs PROGRAMS = new Programs(CLASSES, ROOT);

  /** A port as prose and output show it: "port 8889", "localhost:8889". */
  private static final Pattern SHOWN_PORT =
      Pattern.compile("(?i)(?:\\bport |\\blocalhost:)(\\d{1,5})\\b");

  /** A number in a command: any of them may be a port the command gives. */
  private static final Pattern NUMBER = Pattern.compile("\\b\\d{1,5}\\b");

  /** "lesson 06", "lessons 07 to 11", "Lessons 09, 10 and 12". */
  private static final Pattern LESSON_REFERENCE =
      Pattern.compile("\\b[Ll]essons? (\\d{1,2}(?:(?:, | and | or | to |-|–)\\d{1,2})*)\\b");

  /** A commit in inline code: `473ec8d`, or `git show 473ec8d:src/...` and the like. */
  private static final Pattern COMMIT =
      Pattern.compile("^(?:git [a-z]+ (?:--detach )?)?([0-9a-f]{7,40})(?::(\\S+))?$");

  /** A row of the README's table of lessons: the lesson it links to. */
  private static final Pattern README_ROW =
      Pattern.compile("^\\| \\[\\d{2} [^\\]]*\\]\\(lessons/([\\w.-]+\\.md)\\)");

  /** The numbering the lessons replaced: a learner reads lesson numbers only. */
  private static final Pattern STAGE_NUMBER = Pattern.compile("\\b[Ss]tages? [1-9]\\b");

  static List<Path> lessons() throws IOException {
    try (Stream<Path> files = Files.list(LESSONS)) {
      return files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
  }

  @Test
  void lessonsAreNumberedInReadingOrder() throws IOException {
    List<Path> lessons = lessons();
    assertTrue(lessons.size() >= 3, "lessons found: " + lessons);
    for (int i = 0; i < lessons.size(); i++) {
      String name = lessons.get(i).getFileName().toString();
      assertTrue(
          name.matches(String.format("%02d-[a-z0-9-]+\\.md", i + 1)),
          name + " should be lesson number " + (i + 1));
    }
  }

  @TestFactory
  Stream<DynamicNode> everyLesson() throws IOException {
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path lesson : lessons()) {
      Markdown md = new Markdown(lesson);
      nodes.add(
          DynamicContainer.dynamicContainer(
              lesson.getFileName().toString(),
              Stream.of(
                  DynamicTest.dynamicTest("has the standard headings in order", () -> headings(md)),
                  DynamicTest.dynamicTest("ends with two to four exercises", () -> exercises(md)),
                  DynamicTest.dynamicTest("quotes only real source", () -> snippets(md)),
                  DynamicTest.dynamicTest("links only to files that exist", () -> links(md)),
                  DynamicTest.dynamicTest("names only real classes and methods", () -> names(md)),
                  DynamicTest.dynamicTest(
                      "runs only real main classes and tests", () -> commands(md)),
                  DynamicTest.dynamicTest(
                      "gives each program only arguments it accepts", () -> arguments(md)),
                  DynamicTest.dynamicTest(
                      "shows only ports its programs use", () -> ports(md, lessonPorts(md))),
                  DynamicTest.dynamicTest(
                      "refers only to lessons that exist, by lesson number",
                      () -> references(md.file)),
                  DynamicTest.dynamicTest(
                      "points only at commits and files in the history", () -> commits(md)))));
    }
    return nodes.stream();
  }

  @TestFactory
  Stream<DynamicTest> readmeAndDocs() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    if (Files.isDirectory(ROOT.resolve("docs"))) {
      try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
        files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Path doc : docs) {
      Markdown md = new Markdown(doc);
      String name = ROOT.relativize(doc).toString();
      tests.add(DynamicTest.dynamicTest(name + " quotes only real source", () -> snippets(md)));
      tests.add(DynamicTest.dynamicTest(name + " links only to files that exist", () -> links(md)));
      tests.add(DynamicTest.dynamicTest(name + " names only real classes", () -> names(md)));
      tests.add(DynamicTest.dynamicTest(name + " runs only real classes", () -> commands(md)));
      tests.add(
          DynamicTest.dynamicTest(
              name + " gives each program only arguments it accepts", () -> arguments(md)));
      tests.add(
          DynamicTest.dynamicTest(
              name + " shows only ports its programs use", () -> ports(md, anyProgramsPorts(md))));
      tests.add(
          DynamicTest.dynamicTest(
              name + " refers only to lessons that exist", () -> references(doc)));
    }
    return tests.stream();
  }

  /** Learners read the code too: its comments and messages name lessons the same way. */
  @TestFactory
  Stream<DynamicTest> sourceRefersOnlyToLessonsThatExist() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT.resolve("src/main"))) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().matches(".*\\.(java|js|html|css)$"))
          .sorted()
          .toList()
          .stream()
          .map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> references(f)));
    }
  }

  /** The README's table of lessons names, for each, exactly the tests its commands run. */
  @Test
  void readmeListsTheTestsEachLessonRuns() throws IOException {
    Map<String, Set<String>> listed = new TreeMap<>();
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      Matcher row = README_ROW.matcher(line);
      if (row.find()) {
        String[] cells = line.split("\\|");
        String tests = cells[cells.length - 1].replaceFirst("\\(.*$", "");
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("`(\\w+)`").matcher(tests);
        while (name.find()) {
          names.add(name.group(1));
        }
        listed.put(row.group(1), names);
      }
    }
    Map<String, Set<String>> run = new TreeMap<>();
    for (Path lesson : lessons()) {
      Set<String> tests = new TreeSet<>();
      for (String command : new Markdown(lesson).commands()) {
        Matcher test = TEST_PROPERTY.matcher(command);
        if (command.startsWith("mvn ") && test.find()) {
          for (String spec : test.group(1).split(",")) {
            tests.add(spec.replaceFirst("[#$].*$", ""));
          }
        }
      }
      run.put(lesson.getFileName().toString(), tests);
    }
    assertEquals(run, listed, "README.md's lesson table, tests column");
  }

  @Test
  void ciRunsTheTestCommandTheReadmeGives() throws IOException {
    List<String> readmeCommands = new Markdown(ROOT.resolve("README.md")).commands();
    assertTrue(readmeCommands.size() >= 2, "the README opens with its two commands");
    String testCommand = readmeCommands.get(1);
    assertEquals("mvn verify", testCommand, "the README's second command runs the tests");
    List<String> ciLines = Files.readAllLines(ROOT.resolve(".ci/run"));
    assertTrue(
        ciLines.stream().anyMatch(l -> l.strip().startsWith(testCommand)),
        ".ci/run must run `" + testCommand + "`");
  }

  /** Every `mvn exec:exec` command's {@code -Dargs} is accepted by the program it runs. */
  private static void arguments(Markdown md) {
    List<String> problems = new ArrayList<>();
    for (String command : md.commands()) {
      Programs.run(command)
          .ifPresent(
              run ->
                  PROGRAMS
                      .problemWith(run)
                      .ifPresent(
                          p ->
                              problems.add(
                                  run.simpleName() + " refuses " + run.args() + ": " + p)));
    }
    assertEquals(List.of(), problems, md.file.getFileName() + " gives arguments that fail");
  }

  /**
   * The ports a lesson may show: the defaults of the programs it runs, and any its commands (or
   * commands in its prose) give.
   */
  private static Set<Integer> lessonPorts(Markdown md) {
    Set<Integer> ports = new TreeSet<>();
    List<String> commands = new ArrayList<>(md.commands());
    md.inlineCode.stream().filter(c -> c.contains("-D") || c.contains("--")).forEach(commands::add);
    md.inlineCodeInExercises.stream()
        .filter(c -> c.contains("-D") || c.contains("--"))
        .forEach(commands::add);
    for (String command : commands) {
      Programs.run(command).ifPresent(run -> ports.addAll(PROGRAMS.defaultPorts(run.mainClass())));
      Matcher number = NUMBER.matcher(command);
      while (number.find()) {
        ports.add(Integer.parseInt(number.group()));
      }
    }
    return ports;
  }

  /** A page that is not a lesson may show the default port of any program, and any it gives. */
  private static Set<Integer> anyProgramsPorts(Markdown md) {
    Set<Integer> ports = lessonPorts(md);
    for (String main : CLASSES.mainClasses()) {
      ports.addAll(PROGRAMS.defaultPorts(main));
    }
    return ports;
  }

  /** Every "port N" and "localhost:N" in prose and shown output is one the page's programs use. */
  private static void ports(Markdown md, Set<Integer> allowed) {
    List<String> lines = new ArrayList<>(md.prose);
    md.blocks.stream().filter(b -> b.info().equals("text")).forEach(b -> lines.addAll(b.lines()));
    List<String> problems = new ArrayList<>();
    for (String line : lines) {
      Matcher port = SHOWN_PORT.matcher(line);
      while (port.find()) {
        if (!allowed.contains(Integer.parseInt(port.group(1)))) {
          problems.add(port.group() + " in: " + line.strip());
        }
      }
    }
    assertEquals(
        List.of(),
        problems,
        md.file.getFileName()
            + " shows ports that are neither a default of the programs it runs (their --port"
            + " options or DEFAULT_PORT) nor given in its commands; allowed here: "
            + allowed);
  }

  /** Every "lesson NN" names a lesson that exists, and no "stage N" competes with those numbers. */
  private static void references(Path file) throws IOException {
    int count = lessons().size();
    List<String> problems = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher reference = LESSON_REFERENCE.matcher(line);
      while (reference.find()) {
        for (String number : reference.group(1).split("\\D+")) {
          int n = Integer.parseInt(number);
          if (n < 1 || n > count) {
            problems.add("line " + (i + 1) + ": no lesson " + number + " in: " + line.strip());
          }
        }
      }
      Matcher stage = STAGE_NUMBER.matcher(line);
      if (stage.find()) {
        problems.add(
            "line "
                + (i + 1)
                + ": '"
                + stage.group()
                + "': name the lesson instead, in: "
                + line.strip());
      }
    }
    assertEquals(List.of(), problems, ROOT.relativize(file) + " has lesson numbers to fix");
  }

  /**
   * Every commit a lesson points at, to show an earlier state of the code, is in the history, and
   * so is every file it shows from one. Skipped where there is no history to look in: a source
   * archive, or a shallow clone.
   */
  private static void commits(Markdown md) throws Exception {
    List<String[]> pointers = new ArrayList<>();
    for (String code : md.inlineCode) {
      Matcher commit = COMMIT.matcher(code.strip());
      if (commit.matches()) {
        pointers.add(new String[] {commit.group(1), commit.group(2)});
      }
    }
    if (pointers.isEmpty()) {
      return;
    }
    Assumptions.assumeTrue(
        git("rev-parse", "--is-shallow-repository").equals("false"),
        "no full history here to find commits in");
    List<String> problems = new ArrayList<>();
    for (String[] pointer : pointers) {
      String object = pointer[0] + (pointer[1] == null ? "^{commit}" : ":" + pointer[1]);
      if (git("cat-file", "-t", object).isEmpty()) {
        problems.add(object);
      }
    }
    assertEquals(List.of(), problems, md.file.getFileName() + " points at what is not in git");
  }

  /** What a git command prints, trimmed; empty if it fails or git is not there. */
  private static String git(String... args) throws InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-C", ROOT.toString()));
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(process.getInputStream().readAllBytes()).trim();
      return process.waitFor() == 0 ? out : "";
    } catch (IOException noGit) {
      return "";
    }
  }

  private static void headings(Markdown md) {
    List<String> standard = md.headings.stream().filter(HEADINGS::contains).toList();
    assertEquals(HEADINGS, standard, "sections of " + md.file.getFileName());
  }

  private static void exercises(Markdown md) {
    long items = md.section("Exercises").stream().filter(l -> l.matches("^\\d+\\.\\s.*")).count();
    assertTrue(items >= 2 && items <= 4, "found " + items + " numbered exercises");
  }

  /** Every ```java block starts with "// path/to/File.java" and appears there, "// ..." = a gap. */
  private static void snippets(Markdown md) throws IOException {
    for (Markdown.Block block : md.blocks) {
      if (!block.info().equals("java")) {
        continue;
      }
      String where = md.file.getFileName() + " line " + block.line();
      String header = block.lines().isEmpty() ? "" : block.lines().get(0).strip();
      if (!header.matches("// src/\\S+\\.java")) {
        fail(
            where + ": a java block must start with the file it quotes, e.g. // src/main/java/...");
      }
      Path source = ROOT.resolve(header.substring(3));
      assertTrue(Files.isRegularFile(source), where + ": no such file " + source);
      List<String> file = Files.readAllLines(source).stream().map(String::strip).toList();
      int from = 0;
      for (List<String> chunk : chunks(block.lines().subList(1, block.lines().size()))) {
        int at = indexOf(file, chunk, from);
        if (at < 0) {
          fail(
              where
                  + ": these lines are not (or not in this order) in "
                  + header.substring(3)
                  + ":\n"
                  + String.join("\n", chunk));
        }
        from = at + chunk.size();
      }
    }
  }

  private static List<List<String>> chunks(List<String> lines) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String line : lines) {
      if (line.strip().equals("// ...")) {
        chunks.add(current);
        current = new ArrayList<>();
      } else {
        current.add(line.strip());
      }
    }
    chunks.add(current);
    chunks.forEach(LessonsTest::trimBlankEnds);
    return chunks.stream().filter(c -> !c.isEmpty()).toList();
  }

  private static void trimBlankEnds(List<String> chunk) {
    while (!chunk.isEmpty() && chunk.get(0).isEmpty()) {
      chunk.remove(0);
    }
    while (!chunk.isEmpty() && chunk.get(chunk.size() - 1).isEmpty()) {
      chunk.remove(chunk.size() - 1);
    }
  }

  private static int indexOf(List<String> file, List<String> chunk, int from) {
    for (int i = from; i + chunk.size() <= file.size(); i++) {
      if (file.subList(i, i + chunk.size()).equals(chunk)) {
        return i;
      }
    }
    return -1;
  }

  private static void links(Markdown md) {
    for (Markdown.Link link : md.links) {
      String target = link.target();
      if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("#")) {
        assertTrue(
            !target.contains("github.com") || !target.contains("tcp-chatroom"),
            "link to our own files with a relative path: " + target);
        continue;
      }
      assertTrue(!target.startsWith("/"), "use a relative link, not " + target);
      Path resolved = md.file.getParent().resolve(target.replaceFirst("#.*$", "")).normalize();
      assertTrue(Files.exists(resolved), md.file.getFileName() + " links to missing " + target);
    }
  }

  private static void names(Markdown md) {
    List<String> texts = new ArrayList<>(md.inlineCode);
    md.links.stream().map(Markdown.Link::text).map(t -> t.replace("`", "")).forEach(texts::add);
    List<String> problems = new ArrayList<>();
    for (String text : texts) {
      String problem = nameProblem(text.strip());
      if (problem != null) {
        problems.add(problem);
      }
    }
    assertEquals(List.of(), problems, md.file.getFileName() + " names things that do not exist");
  }

  /** Why a piece of inline code names something that does not exist, or null if it is fine. */
  private static String nameProblem(String code) {
    if (SOURCE_PATH.matcher(code).matches()) {
      return Files.exists(ROOT.resolve(code)) ? null : "no such file: " + code;
    }
    if (code.matches("^[A-Z]\\w*\\.java$")) {
      String type = code.replace(".java", "");
      return CLASSES.project(type).isEmpty() ? "no source file for class " + type : null;
    }
    Matcher member = CLASS_MEMBER.matcher(code);
    if (member.matches()) {
      String type = member.group(1);
      String name = member.group(2);
      if (NEWER_JDK_MEMBERS.contains(type + "." + name)) {
        return null;
      }
      if (!CLASSES.project(type).isEmpty()) {
        return CLASSES.projectMemberExists(type, name) ? null : "no " + name + " in " + type;
      }
      return CLASSES.resolve(type).isPresent() ? null : "no class " + type + " in `" + code + "`";
    }
    if (CLASS_NAME.matcher(code).matches() && !WIRE_WORDS.contains(code)) {
      return CLASSES.resolve(code).isPresent() ? null : "`" + code + "` is not a class we know";
    }
    return null;
  }

  private static void commands(Markdown md) {
    List<String> problems = new ArrayList<>();
    for (String command : md.commands()) {
      if (!command.startsWith("mvn ")) {
        continue;
      }
      Matcher main = MAIN_PROPERTY.matcher(command);
      if (main.find() && !CLASSES.isMainClass(main.group(1))) {
        problems.add("no main class " + main.group(1) + " in: " + command);
      }
      Matcher test = TEST_PROPERTY.matcher(command);
      if (test.find()) {
        for (String spec : test.group(1).split(",")) {
          String type = spec.replaceFirst("[#$].*$", "");
          if (CLASSES.project(type).isEmpty()) {
            problems.add("no test class " + type + " in: " + command);
          }
        }
      }
    }
    assertEquals(List.of(), problems, md.file.getFileName() + " gives commands that cannot run");
  }
}
