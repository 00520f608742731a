package chatroom.chat.server.process;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * How a {@link Session}'s messages reach its client, whatever carries them: TCP frames, WebSocket
 * messages, either inside TLS. The processors only ever see sessions, so every feature works the
 * same over every transport; a transport is this interface plus a loop that reads requests and
 * hands them to the server.
 */
public interface Connection {
  /**
   * Sends frames in order, each made once by {@code Transfer.frame} (a 4-byte length, then the
   * envelope) and possibly shared by many sessions. Blocks until the transport has taken them; only
   * one thread (the session's writer) calls it at a time.
   */
  void write(List<byte[]> frames) throws IOException;

  /** Hangs up; the transport's reading loop then ends. Safe to call more than once. */
  void close();

  /** False once the connection has been closed by either side. */
  boolean isOpen();

  /** The client's IP address, for limits per address. */
  InetAddress peer();

  /** The client's address and port, for log lines. */
  String describe();
}
