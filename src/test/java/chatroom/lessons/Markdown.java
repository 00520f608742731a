package chatroom.lessons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough Markdown for checking lessons: headings, fenced blocks, inline code and links. */
final class Markdown {
  private static final Pattern FENCE = Pattern.compile("^```\\s*([\\w-]*)\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");

  /** A fenced code block: its info string ("java", "sh", ...) and its lines. */
  record Block(String info, int line, List<String> lines) {}

  /** A link as written: its text and its target. */
  record Link(String text, String target) {}

  final Path file;
  final List<String> headings = new ArrayList<>();
  final List<Block> blocks = new ArrayList<>();
  final List<String> inlineCode = new ArrayList<>();
  final List<String> inlineCodeInExercises = new ArrayList<>();
  final List<Link> links = new ArrayList<>();
  final List<String> prose = new ArrayList<>();

  Markdown(Path file) throws IOException {
    this.file = file;
    List<String> all = Files.readAllLines(file);
    Block open = null;
    String heading = "";
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        if (open == null) {
          open = new Block(fence.group(1), i + 1, new ArrayList<>());
        } else {
          blocks.add(open);
          open = null;
        }
      } else if (open != null) {
        open.lines().add(line);
      } else {
        prose.add(line);
        if (line.startsWith("## ")) {
          heading = line.substring(3).strip();
          headings.add(heading);
        }
        Matcher code = INLINE_CODE.matcher(line);
        while (code.find()) {
          // Exercises may name classes the reader is asked to write.
          (heading.equals("Exercises") ? inlineCodeInExercises : inlineCode).add(code.group(1));
        }
        Matcher link = LINK.matcher(line);
        while (link.find()) {
          links.add(new Link(link.group(1), link.group(2)));
        }
      }
    }
    if (open != null) {
      throw new IllegalStateException(
          file + ": code block from line " + open.line() + " never ends");
    }
  }

  /** The prose lines under a "## heading", up to the next heading. */
  List<String> section(String heading) {
    List<String> lines = new ArrayList<>();
    boolean inside = false;
    for (String line : prose) {
      if (line.startsWith("## ")) {
        inside = line.substring(3).strip().equals(heading);
      } else if (inside) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Every shell command in ```sh blocks, without a leading "$ ". */
  List<String> commands() {
    List<String> commands = new ArrayList<>();
    for (Block block : blocks) {
      if (block.info().equals("sh")) {
        for (String line : block.lines()) {
          String command = line.strip().replaceFirst("^\\$\\s+", "").replaceFirst("\\s+#.*$", "");
          if (!command.isEmpty() && !command.startsWith("#")) {
            commands.add(command);
          }
        }
      }
    }
    return commands;
  }
}
