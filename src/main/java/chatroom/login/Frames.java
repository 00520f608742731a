package chatroom.login;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Lesson 03's framing, written out by hand: a 4-byte big-endian length, then that many bytes.
 *
 * <p>TCP delivers a stream of bytes, not messages. One {@code read} may return half a frame, or the
 * end of one frame and the start of the next, so the reader loops until it has exactly the bytes
 * the header announced.
 */
public final class Frames {
  /** The largest body accepted: a bigger length is refused before any memory is set aside. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private Frames() {}

  /**
   * Reads one frame and returns its body.
   *
   * @return the body, or null when the peer closed the connection between two frames
   * @throws BadFrameException for a length of 0 or above {@link #MAX_BODY_BYTES}
   * @throws EOFException when the connection closes in the middle of a frame
   */
  public static byte[] read(InputStream in) throws IOException {
    byte[] header = new byte[4];
    if (!readFully(in, header)) {
      return null;
    }
    long length = // unsigned: 0xFFFFFFFF means 4 GiB, not -1
        (header[0] & 0xFFL) << 24
            | (header[1] & 0xFF) << 16
            | (header[2] & 0xFF) << 8
            | (header[3] & 0xFF);
    if (length == 0) {
      throw new BadFrameException(400, "empty frame");
    }
    if (length > MAX_BODY_BYTES) {
      throw new BadFrameException(
          413, "frame of " + length + " bytes is over the " + MAX_BODY_BYTES + "-byte limit");
    }
    byte[] body = new byte[(int) length]; // safe now: at most MAX_BODY_BYTES
    if (!readFully(in, body)) {
      throw new EOFException("connection closed after the header of a " + length + "-byte frame");
    }
    return body;
  }

  /**
   * Fills {@code buffer} completely, however many reads that takes.
   *
   * @return false if the stream ended before the first byte; true once the buffer is full
   * @throws EOFException if the stream ends after some bytes but before the buffer is full
   */
  static boolean readFully(InputStream in, byte[] buffer) throws IOException {
    int filled = 0;
    while (filled < buffer.length) {
      int n = in.read(buffer, filled, buffer.length - filled); // may return fewer bytes than asked
      if (n < 0) {
        if (filled == 0) {
          return false;
        }
        throw new EOFException("stream ended after " + filled + " of " + buffer.length + " bytes");
      }
      filled += n;
    }
    return true;
  }

  /** Writes the header and the body as one unit and sends them at once. */
  public static void write(OutputStream out, byte[] body) throws IOException {
    byte[] frame = new byte[4 + body.length];
    frame[0] = (byte) (body.length >>> 24);
    frame[1] = (byte) (body.length >>> 16);
    frame[2] = (byte) (body.length >>> 8);
    frame[3] = (byte) body.length;
    System.arraycopy(body, 0, frame, 4, body.length);
    out.write(frame);
    out.flush();
  }
}
