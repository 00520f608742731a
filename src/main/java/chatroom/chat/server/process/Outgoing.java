package chatroom.chat.server.process;

/**
 * A frame on its way to one client, and what to do once it has been written.
 *
 * @param frame the complete frame, header included; may be shared by many clients
 * @param onWritten run once this frame has left, or null
 */
public record Outgoing(byte[] frame, Runnable onWritten) {}
