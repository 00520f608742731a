package chatroom.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
                      "runs only real main classes and tests", () -> commands(md)))));
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
    }
    return tests.stream();
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
