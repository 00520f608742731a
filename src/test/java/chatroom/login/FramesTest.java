package chatroom.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.testing.RawClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FramesTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] header(long length) {
    return ByteBuffer.allocate(4).putInt((int) length).array();
  }

  /** An awkward stream that hands out one byte per read, as a slow network might. */
  private static final class OneByteAtATime extends InputStream {
    private final InputStream in;

    OneByteAtATime(byte[] data) {
      this.in = new ByteArrayInputStream(data);
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
  class Reading {
    @Test
    void readFrameDeliveredOneByteAtATimeArrivesWhole() throws IOException {
      byte[] body = bytes("{\"type\":\"LoginMes\",\"data\":\"{}\"}");
      InputStream trickle =
          new OneByteAtATime(RawClient.frame(new String(body, StandardCharsets.UTF_8)));
      assertArrayEquals(body, Frames.read(trickle));
      assertNull(Frames.read(trickle), "then a clean end of stream");
    }

    @Test
    void twoFramesInOneBufferArriveAsTwo() throws IOException {
      ByteArrayOutputStream both = new ByteArrayOutputStream();
      both.write(RawClient.frame("first"));
      both.write(RawClient.frame("second"));
      InputStream in = new ByteArrayInputStream(both.toByteArray());
      assertArrayEquals(bytes("first"), Frames.read(in));
      assertArrayEquals(bytes("second"), Frames.read(in));
      assertNull(Frames.read(in));
    }

    @Test
    void aFrameOfExactlyTheLimitIsAccepted() throws IOException {
      byte[] body = new byte[Frames.MAX_BODY_BYTES];
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(header(body.length));
      frame.write(body);
      assertEquals(
          Frames.MAX_BODY_BYTES, Frames.read(new ByteArrayInputStream(frame.toByteArray())).length);
    }

    @Test
    void anEmptyStreamIsACleanEnd() throws IOException {
      assertNull(Frames.read(new ByteArrayInputStream(new byte[0])));
    }
  }

  @Nested
  class Refusing {
    @ParameterizedTest
    @ValueSource(longs = {65_537L, 1L << 20, Integer.MAX_VALUE, 0xFFFF_FFFFL})
    void readFrameOverLimitRejectedBeforeAllocating(long length) {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      refuse(header(length)); // warm up: class loading is not what we measure
      InputStream in = new ByteArrayInputStream(header(length)); // no body follows at all
      long before = threads.getCurrentThreadAllocatedBytes();
      BadFrameException refused = assertThrows(BadFrameException.class, () -> Frames.read(in));
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;

      assertEquals(413, refused.code());
      assertTrue(refused.getMessage().contains(String.valueOf(length)), refused.getMessage());
      // Allocating the announced body would cost at least MAX_BODY_BYTES + 1 bytes.
      assertTrue(
          allocated < Frames.MAX_BODY_BYTES,
          "allocated " + allocated + " bytes for a refused frame");
    }

    private void refuse(byte[] frameStart) {
      assertThrows(
          BadFrameException.class, () -> Frames.read(new ByteArrayInputStream(frameStart)));
    }

    @Test
    void aZeroLengthFrameIsABadRequest() {
      BadFrameException refused =
          assertThrows(
              BadFrameException.class, () -> Frames.read(new ByteArrayInputStream(header(0))));
      assertEquals(400, refused.code());
    }

    @Test
    void aConnectionClosedInsideTheHeaderIsAnEndOfFileError() {
      InputStream in = new ByteArrayInputStream(new byte[] {0, 0});
      assertThrows(EOFException.class, () -> Frames.read(in));
    }

    @Test
    void aConnectionClosedInsideTheBodyIsAnEndOfFileError() throws IOException {
      ByteArrayOutputStream cut = new ByteArrayOutputStream();
      cut.write(header(10));
      cut.write(bytes("abc"));
      InputStream in = new ByteArrayInputStream(cut.toByteArray());
      assertThrows(EOFException.class, () -> Frames.read(in));
    }
  }

  @Nested
  class Writing {
    @Test
    void writesABigEndianLengthThenTheBody() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Frames.write(out, bytes("héllo"));
      assertArrayEquals(RawClient.frame("héllo"), out.toByteArray());
    }

    @Test
    void whatIsWrittenReadsBackUnchanged() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] body = bytes("{\"type\":\"LoginResMes\"}");
      Frames.write(out, body);
      assertArrayEquals(body, Frames.read(new OneByteAtATime(out.toByteArray())));
    }
  }
}
