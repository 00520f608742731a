package chatroom.support.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The servers a user has trusted on first use, as ssh keeps {@code ~/.ssh/known_hosts}: a text
 * file, one server a line, {@code host:port} and the SHA-256 fingerprint of the certificate it
 * showed the first time. A person can read it, and delete a line to forget a server.
 */
public final class KnownServers {
  private static final String HEADER =
      "# Chat servers trusted on first use: host:port, then the SHA-256 fingerprint of the"
          + " certificate it showed.\n# Delete a line to forget a server.\n";

  /**
   * A server remembered.
   *
   * @param server {@code host:port}
   * @param fingerprint the certificate's SHA-256 fingerprint, as {@link Certificates#fingerprint}
   * @param line where in the file, counting from 1, for a person who wants to remove it
   */
  public record Entry(String server, String fingerprint, int line) {}

  private final Path file;

  /** The servers remembered in {@code file}, which need not exist yet. */
  public KnownServers(Path file) {
    this.file = file;
  }

  /**
   * {@code ~/.tcp-chatroom/known_servers}: the file of this user, whatever directory they are in.
   */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".tcp-chatroom", "known_servers");
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** How a server is written in the file: {@code localhost:8889}, {@code [::1]:8889}. */
  public static String key(String host, int port) {
    String name = host.toLowerCase(Locale.ROOT);
    return (name.contains(":") ? "[" + name + "]" : name) + ":" + port;
  }

  /** What is remembered for {@code server} (see {@link #key}), if anything. */
  public synchronized Optional<Entry> find(String server) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String[] fields = lines.get(i).strip().split("\\s+");
      if (fields.length >= 2 && !fields[0].startsWith("#") && fields[0].equals(server)) {
        return Optional.of(new Entry(server, fields[1], i + 1));
      }
    }
    return Optional.empty();
  }

  /** Remembers that {@code server} showed the certificate with {@code fingerprint}. */
  public synchronized void remember(String server, String fingerprint) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String line = server + " " + fingerprint + "\n";
    if (!Files.exists(file)) {
      line = HEADER + line;
    }
    // One write in append mode: another client adding its line at the same time cannot cut it.
    Files.writeString(
        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
