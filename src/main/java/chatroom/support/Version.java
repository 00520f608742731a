package chatroom.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The project's version for {@code --version}, written into a resource by the build (Maven fills in
 * {@code ${project.version}}), so it is right however the program was started.
 */
public final class Version implements IVersionProvider {
  private static final String RESOURCE = "/chatroom/version.properties";

  /** The version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String number() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "tcp-chatroom " + number(),
      "Java " + System.getProperty("java.version") + " (" + ConnectionThreads.kind() + "s)"
    };
  }
}
