package chatroom.chat.common;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
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
  private final Socket socket; // null over plain streams: then reads wait without limit
  private final FrameInput in;
  private final OutputStream out;
  private final int maxFrameBytes;
  private final ReentrantLock writeLock = new ReentrantLock();
  private volatile boolean closed;
  private Duration betweenFrames = Duration.ZERO;
  private Duration withinFrame = Duration.ZERO;
  private int readLimit;

  /** Frames over a connected socket, refusing bodies larger than {@code maxFrameBytes}. */
  public Transfer(Socket socket, int maxFrameBytes) throws IOException {
    this(socket.getInputStream(), socket.getOutputStream(), maxFrameBytes, socket, socket);
  }

  /**
   * Frames over a socket that {@code closer} closes: for a protocol layered on the socket, such as
   * TLS, whose close must not wait on the peer.
   */
  public Transfer(Socket socket, Closeable closer, int maxFrameBytes) throws IOException {
    this(socket.getInputStream(), socket.getOutputStream(), maxFrameBytes, closer, socket);
  }

  /** Frames over any pair of streams (tests use in-memory ones); {@link #close} closes both. */
  public Transfer(InputStream in, OutputStream out, int maxFrameBytes) {
    this(in, out, maxFrameBytes, () -> closeBoth(in, out), null);
  }

  private Transfer(
      InputStream in, OutputStream out, int maxFrameBytes, Closeable connection, Socket socket) {
    this.connection = connection;
    this.socket = socket;
    this.in = new FrameInput(in);
    this.out = out; // unbuffered: writeFrame hands each batch to the system in one call
    this.maxFrameBytes = maxFrameBytes;
  }

  /** A buffered input that says how much it holds already, without asking the system. */
  private static final class FrameInput extends BufferedInputStream {
    FrameInput(InputStream in) {
      super(in);
    }

    int buffered() {
      return count - pos;
    }
  }

  private static void closeBoth(InputStream in, OutputStream out) throws IOException {
    try (in;
        out) {
      // both closed, even if one of them fails
    }
  }

  /**
   * Limits how long reads may wait (zero: no limit); a read that runs out of time throws a {@link
   * SocketTimeoutException}. Only a socket can be timed; plain streams ignore this.
   *
   * @param betweenFrames for the first byte of the next frame: how long a connection may be quiet
   * @param withinFrame for the rest of a frame, counted from its first byte, so that a client
   *     sending a frame one byte a minute cannot keep the reader waiting forever
   */
  public void timeouts(Duration betweenFrames, Duration withinFrame) {
    this.betweenFrames = betweenFrames;
    this.withinFrame = withinFrame;
  }

  /**
   * Reads one frame body.
   *
   * @return the body, or null when the peer closed the connection between two frames
   * @throws FrameException for a length of 0 or over the limit, checked before allocating
   * @throws EOFException when the connection closes inside a frame
   * @throws SocketTimeoutException when a {@link #timeouts time limit} runs out
   */
  public byte[] readFrame() throws IOException {
    int first = firstByte();
    if (first < 0) {
      return null;
    }
    long deadline = withinFrame.isZero() ? 0 : System.nanoTime() + withinFrame.toNanos();
    byte[] header = {(byte) first, 0, 0, 0};
    readFully(header, 1, deadline);
    long length = Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt());
    if (length == 0) {
      throw new FrameException(ResultCode.BAD_REQUEST, "empty frame");
    }
    if (length > maxFrameBytes && isTlsRecord(header)) {
      throw new FrameException(
          ResultCode.BAD_REQUEST, "TLS, not a frame: one side speaks TLS and the other does not");
    }
    if (length > maxFrameBytes) {
      throw new FrameException(
          ResultCode.FRAME_TOO_LARGE,
          "frame of " + length + " bytes is over the " + maxFrameBytes + "-byte limit");
    }
    byte[] body = new byte[(int) length]; // safe now: the length has been checked
    readFully(body, 0, deadline);
    return body;
  }

  /**
   * True if a "length" is the header of a TLS record: a handshake (22) or an alert (21), then
   * version 3.x. As a length that is over 350 MB, so no real frame starts this way.
   */
  private static boolean isTlsRecord(byte[] header) {
    return (header[0] == 22 || header[0] == 21) && header[1] == 3;
  }

  private int firstByte() throws IOException {
    limitNextRead(betweenFrames.toMillis());
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("silent for " + betweenFrames.toSeconds() + " s");
    }
  }

  /**
   * Fills {@code buffer} from index {@code from} on, however many reads that takes (the loop of
   * lesson 03), before {@code deadline}, a {@link System#nanoTime} value, or 0 for no limit.
   */
  private void readFully(byte[] buffer, int from, long deadline) throws IOException {
    for (int filled = from; filled < buffer.length; ) {
      // Most frames arrive whole: then the read cannot wait, and needs no time limit set.
      if (deadline != 0 && in.buffered() < buffer.length - filled) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw frameTooSlow();
        }
        limitNextRead(Math.max(1, left / 1_000_000));
      }
      int n;
      try {
        n = in.read(buffer, filled, buffer.length - filled);
      } catch (SocketTimeoutException e) {
        throw frameTooSlow();
      }
      if (n < 0) {
        throw new EOFException("connection closed inside a frame");
      }
      filled += n;
    }
  }

  private SocketTimeoutException frameTooSlow() {
    return new SocketTimeoutException("no complete frame within " + withinFrame.toSeconds() + " s");
  }

  private void limitNextRead(long millis) throws IOException {
    int limit = (int) Math.min(Integer.MAX_VALUE, millis);
    if (socket != null && limit != readLimit) { // setting it takes a lock: only when it changes
      socket.setSoTimeout(limit);
      readLimit = limit;
    }
  }

  /** Reads one frame and decodes its envelope; null when the peer closed between frames. */
  public Message readMessage() throws IOException {
    byte[] body = readFrame();
    return body == null ? null : Json.decodeEnvelope(body);
  }

  /** Encodes a payload into a complete frame, header included, ready for {@link #writeFrame}. */
  public static byte[] frame(MessageType type, Object payload) {
    byte[] frame = Json.encode(type, payload, 4);
    return ByteBuffer.wrap(frame).putInt(frame.length - 4).array();
  }

  /** A complete frame around a body made elsewhere (an envelope another node sent, say). */
  public static byte[] frameOf(byte[] body) {
    return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
  }

  /** Sends one message: the payload → envelope → frame dance, done in this one place. */
  public void send(MessageType type, Object payload) throws IOException {
    writeFrame(frame(type, payload));
  }

  /**
   * Writes complete frames, made by {@link #frame}, with one system call; no other thread's frame
   * can come between or inside them.
   */
  public void writeFrame(byte[]... frames) throws IOException {
    byte[] all = frames.length == 1 ? frames[0] : concatenate(frames);
    writeLock.lock();
    try {
      out.write(all);
      out.flush();
    } finally {
      writeLock.unlock();
    }
  }

  private static byte[] concatenate(byte[][] frames) {
    int total = 0;
    for (byte[] frame : frames) {
      total += frame.length;
    }
    ByteBuffer all = ByteBuffer.allocate(total);
    for (byte[] frame : frames) {
      all.put(frame);
    }
    return all.array();
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
