package chatroom.chat.server.process;

/**
 * A frame on its way to one client, and what to do once it has been written, or if it never will
 * be.
 *
 * @param frame the complete frame, header included; may be shared by many clients
 * @param onWritten run once this frame has left, or null
 * @param onDropped run if the connection ends before this frame has left, or null: a private
 *     message is then kept for the recipient's next login instead of being lost
 */
public record Outgoing(byte[] frame, Runnable onWritten, Runnable onDropped) {
  /** A frame with nothing to do if it is dropped. */
  public Outgoing(byte[] frame, Runnable onWritten) {
    this(frame, onWritten, null);
  }
}
