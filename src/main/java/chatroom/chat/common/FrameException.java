package chatroom.chat.common;

import java.io.IOException;

/**
 * A frame whose length breaks the framing: empty (400) or over the limit (413). After one, the
 * reader cannot know where the next frame starts, so the connection must be closed.
 */
public final class FrameException extends IOException {
  private final ResultCode code;

  /** A refused frame, its protocol code and a reason a person can read. */
  public FrameException(ResultCode code, String reason) {
    super(reason);
    this.code = code;
  }

  /** The code to answer with before closing. */
  public ResultCode code() {
    return code;
  }
}
