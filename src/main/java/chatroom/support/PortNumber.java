package chatroom.support;

/** Parses a TCP port given on the command line, with a message a learner can act on. */
public final class PortNumber {
  /** Ports are 16-bit numbers; 0 asks the operating system for any free port. */
  public static final int MAX = 65_535;

  private PortNumber() {}

  /**
   * Returns {@code text} as a port number.
   *
   * @throws IllegalArgumentException if it is not a whole number from 0 to 65535
   */
  public static int parse(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 0 && port <= MAX) {
        return port;
      }
    } catch (NumberFormatException notANumber) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a port: use a whole number from 0 to " + MAX);
  }
}
