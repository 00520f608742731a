package chatroom.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Frame reading and writing exactly as the Go tutorial's {@code utils.Transfer} does it, faults
 * included, for the test doubles {@link GoTutorialClient} and {@link GoTutorialServer}.
 *
 * <ul>
 *   <li>A frame is written with two writes, the 4-byte big-endian length and then the body; with
 *       {@code TCP_NODELAY} they leave as two segments.
 *   <li>A frame is read with one read for the header and one for the body, into a fixed buffer of
 *       {@value #BUFFER_BYTES} bytes. A read that returns fewer bytes than asked for is an error:
 *       the tutorial does not loop (lesson 03 shows why it should).
 *   <li>A header announcing more than the buffer holds makes Go panic (slice bounds out of range),
 *       which ends the whole program: here {@link Panic}.
 * </ul>
 *
 * <p>Unlike Go's, writes here are serialised per connection: the tutorial's server writes to a
 * connection from several goroutines at once, and two frames can then interleave on the wire. That
 * fault is real but not repeatable, so the doubles leave it out.
 */
final class GoTutorialTransfer {
  /** The size of the tutorial's {@code Transfer.Buf}. */
  static final int BUFFER_BYTES = 8096;

  private final InputStream in;
  private final OutputStream out;
  private final byte[] buf = new byte[BUFFER_BYTES];
  private final Object writeLock = new Object();

  /** The Go program would panic here and die: a frame longer than its buffer was announced. */
  static final class Panic extends Exception {
    private final long length;

    Panic(long length) {
      super(
          "panic: runtime error: slice bounds out of range [:"
              + length
              + "] with capacity "
              + BUFFER_BYTES);
      this.length = length;
    }

    /** The length the header announced. */
    long length() {
      return length;
    }
  }

  /** A read that returned fewer bytes than the frame needs; the tutorial cannot recover. */
  static final class ShortRead extends IOException {
    ShortRead(String what, int got, long wanted) {
      super("short read of the " + what + ": " + got + " of " + wanted + " bytes");
    }
  }

  /** Reads and writes frames on {@code socket}, unbuffered, one system call per read or write. */
  GoTutorialTransfer(Socket socket) throws IOException {
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Reads one frame body, as {@code ReadPkg} does before decoding it.
   *
   * @return the body, or null when the connection ended before a header
   * @throws Panic when the header announces more than {@value #BUFFER_BYTES} bytes
   * @throws ShortRead when one read did not return a whole header or a whole body
   */
  byte[] read() throws IOException, Panic {
    int n = in.read(buf, 0, 4);
    if (n < 0) {
      return null;
    }
    if (n != 4) {
      throw new ShortRead("header", n, 4);
    }
    long length = Integer.toUnsignedLong(ByteBuffer.wrap(buf, 0, 4).getInt());
    if (length > BUFFER_BYTES) {
      throw new Panic(length);
    }
    n = length == 0 ? 0 : in.read(buf, 0, (int) length);
    if (n != length) {
      throw new ShortRead("body", Math.max(n, 0), length);
    }
    return Arrays.copyOf(buf, n);
  }

  /** Writes one frame, as {@code WritePkg} does: the header, then the body, in two writes. */
  void write(byte[] body) throws IOException {
    byte[] header = ByteBuffer.allocate(4).putInt(body.length).array();
    synchronized (writeLock) {
      out.write(header);
      out.flush();
      out.write(body);
      out.flush();
    }
  }
}
