package chatroom.login;

import java.io.IOException;

/** A frame the server refuses outright; {@link #code()} is the answer from the codes table. */
public final class BadFrameException extends IOException {
  private final int code;

  /** A refused frame with its protocol code (400 or 413) and a reason for the log. */
  public BadFrameException(int code, String reason) {
    super(reason);
    this.code = code;
  }

  /** The code to send back in an {@code ErrorResMes}. */
  public int code() {
    return code;
  }
}
