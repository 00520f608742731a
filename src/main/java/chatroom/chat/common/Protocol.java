package chatroom.chat.common;

/** Numbers both sides of the chat protocol agree on. */
public final class Protocol {
  /** Where the chat server listens unless told otherwise. */
  public static final int DEFAULT_PORT = 8889;

  /** The largest frame body accepted unless configured otherwise: 64 KiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;

  /**
   * The largest frame body a Go tutorial program can read: it reads each body into a fixed buffer
   * of this size and crashes on a longer one.
   */
  public static final int TUTORIAL_FRAME_BYTES = 8096;

  private Protocol() {}
}
