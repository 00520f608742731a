package chatroom.echo;

import java.io.IOException;

/** Thrown when a client sends more than {@link EchoServer#MAX_LINE_CHARS} without a newline. */
public final class LineTooLongException extends IOException {
  /** Says how long a line may be. */
  public LineTooLongException(int limit) {
    super("line longer than " + limit + " characters");
  }
}
