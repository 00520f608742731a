package chatroom.lessons;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What programs printed in a test, compared with the output a lesson shows in its {@code text}
 * blocks. A block is found in one output if its lines appear there in order; a line {@code ...} in
 * the block stands for any number of lines left out. Before comparing, both sides lose what differs
 * from run to run: clock times, the ports the operating system picks, the data directory, the kind
 * of thread the JDK offers, the random names of chat nodes, a new certificate's fingerprint and
 * dates; and the ports a test server really got are written as the ones the lesson's commands use.
 */
final class ShownOutput {
  /** What varies between runs, and what it is written as on both sides. */
  private static final Map<Pattern, String> VARYING = new LinkedHashMap<>();

  static {
    // First a SHA-256 fingerprint (whole, or in two rows of 16 bytes), whose hex can look like a
    // clock time; and a certificate's validity, "from ... to ...".
    VARYING.put(Pattern.compile("\\b[0-9A-F]{2}(?::[0-9A-F]{2}){15,31}\\b"), "FINGERPRINT");
    VARYING.put(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\b"), "yyyy-mm-dd hh:mm");
    VARYING.put(Pattern.compile("\\b\\d{2}:\\d{2}:\\d{2}\\.\\d{3}\\b"), "hh:mm:ss.SSS");
    VARYING.put(Pattern.compile("\\b\\d{2}:\\d{2}:\\d{2}\\b"), "hh:mm:ss");
    VARYING.put(Pattern.compile("/127\\.0\\.0\\.1:\\d+"), "/127.0.0.1:PORT");
    VARYING.put(Pattern.compile("redis://127\\.0\\.0\\.1:\\d+"), "redis://127.0.0.1:PORT");
    VARYING.put(Pattern.compile("data in \\S+"), "data in DIR");
    VARYING.put(Pattern.compile("one (platform|virtual) thread"), "one platform thread");
    VARYING.put(Pattern.compile("\\bnode-[0-9a-f]{8}\\b"), "node-NAME");
  }

  private final Map<String, String> outputs = new LinkedHashMap<>();
  private final Map<Pattern, String> ports = new LinkedHashMap<>();

  /** Adds what one program (or one terminal, or the server's log) printed, under a name. */
  ShownOutput add(String name, String text) {
    outputs.merge(name, text, (a, b) -> a + b);
    return this;
  }

  /** Writes the port a test server really got as the one the lesson's commands use. */
  ShownOutput port(int actual, int shown) {
    ports.put(Pattern.compile("(?<=[ :])" + actual + "\\b"), String.valueOf(shown));
    return this;
  }

  /** Why {@code block} is in none of the outputs, or empty if it is in one. */
  Optional<String> problemWith(List<String> block) {
    List<List<String>> chunks = chunks(block);
    for (String text : outputs.values()) {
      if (contains(lines(text), chunks)) {
        return Optional.empty();
      }
    }
    StringBuilder why = new StringBuilder("shown:\n");
    block.forEach(line -> why.append("    ").append(line).append('\n'));
    why.append("but the programs printed, once what varies between runs is set aside:\n");
    outputs.forEach(
        (name, text) -> {
          why.append("  ").append(name).append(":\n");
          lines(text).forEach(line -> why.append("    ").append(line).append('\n'));
        });
    return Optional.of(why.toString());
  }

  private List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r?\n", -1)) {
      for (Map.Entry<Pattern, String> port : ports.entrySet()) {
        line = port.getKey().matcher(line).replaceAll(port.getValue());
      }
      lines.add(normal(line));
    }
    return lines;
  }

  private static String normal(String line) {
    for (Map.Entry<Pattern, String> varying : VARYING.entrySet()) {
      line = varying.getKey().matcher(line).replaceAll(varying.getValue());
    }
    return line.stripTrailing();
  }

  private static List<List<String>> chunks(List<String> block) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> chunk = new ArrayList<>();
    for (String line : block) {
      if (line.strip().equals("...")) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      } else {
        chunk.add(normal(line));
      }
    }
    chunks.add(chunk);
    return chunks.stream().filter(c -> !c.isEmpty()).toList();
  }

  private static boolean contains(List<String> lines, List<List<String>> chunks) {
    int from = 0;
    for (List<String> chunk : chunks) {
      int at = indexOf(lines, chunk, from);
      if (at < 0) {
        return false;
      }
      from = at + chunk.size();
    }
    return true;
  }

  private static int indexOf(List<String> lines, List<String> chunk, int from) {
    for (int i = from; i + chunk.size() <= lines.size(); i++) {
      if (lines.subList(i, i + chunk.size()).equals(chunk)) {
        return i;
      }
    }
    return -1;
  }
}
