package chatroom.chat.common;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads and writes the frames of one connection: a 4-byte big-endian length, then that many bytes
 * of JSON envelope. The Go tutorial's {@code utils.Transfer}, done right.
 *
 * <p>Reading is for one thread at a time. Writing is safe from many threads at once: each frame is
 * written whole under a lock, so two frames never interleave on the wire.
 */
public final class Transfer implements AutoCloseable {
  private final Closeable connection;
  private final DataInputStream in;
  private final OutputStream out;
  private final int maxFrameBytes;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;

  /** Frames over a connected socket, refusing bodies larger than {@code maxFrameBytes}. */
  public Transfer(Socket socket, int maxFrameBytes) throws IOException {
    this(socket.getInputStream(), socket.getOutputStream(), maxFrameBytes, socket);
  }

  /** Frames over any pair of streams (tests use in-memory ones); {@link #close} closes both. */
  public Transfer(InputStream in, OutputStream out, int maxFrameBytes) {
    this(
        in,
        out,
        maxFrameBytes,
        () -> {
          in.close();
          out.close();
        });
  }

  private Transfer(InputStream in, OutputStream out, int maxFrameBytes, Closeable connection) {
    this.connection = connection;
    this.in = new DataInputStream(new BufferedInputStream(in));
    this.out = new BufferedOutputStream(out);
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * Reads one frame body.
   *
   * @return the body, or null when the peer closed the connection between two frames
   * @throws FrameException for a length of 0 or over the limit, checked before allocating
   * @throws EOFException when the connection closes inside a frame
   */
  public byte[] readFrame() throws IOException {
    int first = in.read();
    if (first < 0) {
      return null;
    }
    byte[] header = {(byte) first, 0, 0, 0};
    in.readFully(header, 1, 3); // readFully loops until it has them all, as lesson 03 showed
    long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
    if (length == 0) {
      throw new FrameException(ResultCode.BAD_REQUEST, "empty frame");
    }
    if (length > maxFrameBytes) {
      throw new FrameException(
          ResultCode.FRAME_TOO_LARGE,
          "frame of " + length + " bytes is over the " + maxFrameBytes + "-byte limit");
    }
    byte[] body = new byte[(int) length];
    in.readFully(body);
    return body;
  }

  /** Reads one frame and decodes its envelope; null when the peer closed between frames. */
  public Message readMessage() throws IOException {
    byte[] body = readFrame();
    return body == null ? null : Json.decodeEnvelope(body);
  }

  /** Encodes a payload into a complete frame, header included, ready for {@link #writeFrame}. */
  public static byte[] frame(MessageType type, Object payload) {
    byte[] body = Json.encode(type, payload);
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  /** Sends one message: the payload → envelope → frame dance, done in this one place. */
  public void send(MessageType type, Object payload) throws IOException {
    writeFrame(frame(type, payload));
  }

  /**
   * Writes complete frames, made by {@link #frame}, and flushes them together; no other thread's
   * frame can come between or inside them.
   */
  public void writeFrame(byte[]... frames) throws IOException {
    writeLock.lock();
    try {
      for (byte[] frame : frames) {
        out.write(frame);
      }
      out.flush();
    } finally {
      writeLock.unlock();
    }
  }

  /** Closes the connection; a thread blocked in {@link #readFrame} then fails and ends. */
  @Override
  public void close() throws IOException {
    closed = true;
    connection.close();
  }

  /** True once {@link #close} has been called. */
  public boolean isClosed() {
    return closed;
  }
}
