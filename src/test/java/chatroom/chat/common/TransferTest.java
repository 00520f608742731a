package chatroom.chat.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.RawClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TransferTest {
  private static final int MAX = Protocol.DEFAULT_MAX_FRAME_BYTES;

  private static Transfer reading(InputStream in) {
    return new Transfer(in, new ByteArrayOutputStream(), MAX);
  }

  private static byte[] header(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  /** Hands out one byte per read, the most awkward a network can be. */
  static final class OneByteAtATime extends InputStream {
    private final InputStream in;

    OneByteAtATime(byte[] data) {
      in = new ByteArrayInputStream(data);
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return len == 0 ? 0 : in.read(b, off, 1);
    }
  }

  @Nested
  class RoundTrip {
    @Test
    void aSentMessageReadsBackAsTheSameTypeAndPayload() throws IOException {
      ByteArrayOutputStream wire = new ByteArrayOutputStream();
      Transfer writer = new Transfer(new ByteArrayInputStream(new byte[0]), wire, MAX);
      writer.send(MessageType.LOGIN_RES_MES, new LoginResMes(200, List.of(1, 2), ""));

      Message message = reading(new OneByteAtATime(wire.toByteArray())).readMessage();
      assertEquals("LoginResMes", message.type());
      assertEquals(
          new LoginResMes(200, List.of(1, 2), ""), Json.decodePayload(message, LoginResMes.class));
    }

    @Test
    void theFrameIsABigEndianLengthThenTheEnvelope() {
      byte[] frame = Transfer.frame(MessageType.LOGOUT_MES, new LogoutMes());
      String body = "{\"type\":\"LogoutMes\",\"data\":\"{}\"}";
      assertArrayEquals(RawClient.frame(body), frame);
    }

    @Test
    void twoFramesInOneBufferReadAsTwo() throws IOException {
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(RawClient.frame("one"));
      both.write(RawClient.frame("two"));
      Transfer transfer = reading(new ByteArrayInputStream(both.toByteArray()));
      assertEquals("one", new String(transfer.readFrame()));
      assertEquals("two", new String(transfer.readFrame()));
      assertNull(transfer.readFrame(), "then a clean end");
    }
  }

  @Nested
  class Refusals {
    @ParameterizedTest
    @ValueSource(longs = {MAX + 1L, Integer.MAX_VALUE, 0xFFFF_FFFFL})
    void readFrameOverLimitRejectedBeforeAllocating(long length) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      assertThrows(
          FrameException.class,
          () -> reading(new ByteArrayInputStream(header(length))).readFrame());
      Transfer transfer = reading(new ByteArrayInputStream(header(length)));
      long before = threads.getCurrentThreadAllocatedBytes();
      FrameException refused = assertThrows(FrameException.class, transfer::readFrame);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertEquals(ResultCode.FRAME_TOO_LARGE, refused.code());
      assertTrue(allocated < MAX, "allocated " + allocated + " bytes for a refused frame");
    }

    @Test
    void aZeroLengthIsABadRequest() {
      FrameException refused =
          assertThrows(
              FrameException.class, reading(new ByteArrayInputStream(header(0)))::readFrame);
      assertEquals(ResultCode.BAD_REQUEST, refused.code());
    }

    @Test
    void theLimitIsConfigurable() throws IOException {
      Transfer small =
          new Transfer(
              new ByteArrayInputStream(RawClient.frame("12345")), new ByteArrayOutputStream(), 4);
      assertThrows(FrameException.class, small::readFrame);
      Transfer enough =
          new Transfer(
              new ByteArrayInputStream(RawClient.frame("12345")), new ByteArrayOutputStream(), 5);
      assertEquals("12345", new String(enough.readFrame()));
    }

    @Test
    void aConnectionClosedInsideAFrameIsAnEndOfFileError() {
      byte[] cut = java.util.Arrays.copyOf(RawClient.frame("twelve bytes"), 9);
      assertThrows(EOFException.class, reading(new ByteArrayInputStream(cut))::readFrame);
      byte[] halfHeader = {0, 0};
      assertThrows(EOFException.class, reading(new ByteArrayInputStream(halfHeader))::readFrame);
    }
  }

  @Nested
  class ConcurrentWriters {
    /** A sink that takes one byte at a time and yields between bytes, inviting interleaving. */
    static final class Dawdling extends ByteArrayOutputStream {
      @Override
      public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
          Thread.yield();
        }
      }
    }

    @Test
    void framesFromManyThreadsNeverInterleave() throws Exception {
      int writers = 8;
      int framesEach = 300;
      Dawdling wire = new Dawdling();
      Transfer transfer = new Transfer(new ByteArrayInputStream(new byte[0]), wire, MAX);
      CyclicBarrier start = new CyclicBarrier(writers);
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      try {
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int w = 0; w < writers; w++) {
          int writer = w;
          done.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < framesEach; i++) {
                      String text = "writer " + writer + " frame " + i + " " + "x".repeat(i % 50);
                      transfer.send(MessageType.ERROR_RES_MES, new ErrorResMes(i, text));
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }

      DataInputStream in = new DataInputStream(new ByteArrayInputStream(wire.toByteArray()));
      Set<String> seen = new HashSet<>();
      for (int n = 0; n < writers * framesEach; n++) {
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        ErrorResMes payload = Json.decodePayload(Json.decodeEnvelope(body), ErrorResMes.class);
        assertTrue(seen.add(payload.error()), "seen twice: " + payload.error());
      }
      assertEquals(-1, in.read(), "nothing but whole frames on the wire");
    }
  }
}
