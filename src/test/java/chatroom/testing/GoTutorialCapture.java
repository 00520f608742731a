package chatroom.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The frames the Go tutorial's own client and server put on the wire, copied byte for byte from the
 * packet capture in {@code go-tutorial-frames.md} of the shared notes: the 4-byte header as
 * captured, then the body. They are the facts the test doubles {@link GoTutorialClient} and {@link
 * GoTutorialServer} are checked against, so they are written out here, not built by those doubles.
 *
 * <p>Users of the capture: 100, and 200 ("jerry", password 654321).
 */
public final class GoTutorialCapture {
  private GoTutorialCapture() {}

  /**
   * One captured frame.
   *
   * @param header the 4 header bytes as captured, in hex
   * @param body the body as captured
   */
  public record CapturedFrame(String header, String body) {
    /** The 4 header bytes. */
    public byte[] headerBytes() {
      return HexFormat.ofDelimiter(" ").parseHex(header);
    }

    /** The body's bytes (UTF-8, as sent). */
    public byte[] bodyBytes() {
      return body.getBytes(StandardCharsets.UTF_8);
    }

    /** The whole frame: header, then body. */
    public byte[] bytes() {
      byte[] head = headerBytes();
      byte[] rest = bodyBytes();
      return ByteBuffer.allocate(head.length + rest.length).put(head).put(rest).array();
    }

    /** The length the header announces. */
    public long announcedLength() {
      return Integer.toUnsignedLong(ByteBuffer.wrap(headerBytes()).getInt());
    }
  }

  /** The tutorial client registers 200 "jerry", password 654321. */
  public static final CapturedFrame REGISTER =
      new CapturedFrame(
          "00 00 00 87",
          "{\"type\":\"RegisterMes\","
              + "\"data\":\"{\\\"user\\\":{\\\"userId\\\":200,"
              + "\\\"userPwd\\\":\\\"654321\\\",\\\"userName\\\":\\\"jerry\\\","
              + "\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}}\"}");

  /** The tutorial client logs in as 200. */
  public static final CapturedFrame LOGIN =
      new CapturedFrame(
          "00 00 00 56",
          "{\"type\":\"LoginMes\",\"data\":\"{\\\"userId\\\":200,"
              + "\\\"userPwd\\\":\\\"654321\\\",\\\"userName\\\":\\\"\\\"}\"}");

  /** The tutorial client, logged in as 200, sends "hi-from-go" to everyone. */
  public static final CapturedFrame SMS =
      new CapturedFrame(
          "00 00 00 87",
          "{\"type\":\"SmsMes\","
              + "\"data\":\"{\\\"content\\\":\\\"hi-from-go\\\",\\\"userId\\\":200,"
              + "\\\"userPwd\\\":\\\"\\\",\\\"userName\\\":\\\"\\\","
              + "\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}\"}");

  /** The tutorial server: registered. */
  public static final CapturedFrame REGISTER_OK =
      new CapturedFrame(
          "00 00 00 40",
          "{\"type\":\"RegisterResMes\",\"data\":\"{\\\"code\\\":200,"
              + "\\\"error\\\":\\\"\\\"}\"}");

  /** The tutorial server: that id is taken. */
  public static final CapturedFrame REGISTER_TAKEN =
      new CapturedFrame(
          "00 00 00 4c",
          "{\"type\":\"RegisterResMes\",\"data\":\"{\\\"code\\\":505,"
              + "\\\"error\\\":\\\"User exit...\\\"}\"}");

  /** The tutorial server: wrong password. */
  public static final CapturedFrame LOGIN_WRONG_PASSWORD =
      new CapturedFrame(
          "00 00 00 5c",
          "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":403,"
              + "\\\"UsersId\\\":null,\\\"error\\\":\\\"Wrong password\\\"}\"}");

  /** The tutorial server: no such user. */
  public static final CapturedFrame LOGIN_NO_SUCH_USER =
      new CapturedFrame(
          "00 00 00 63",
          "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":500,"
              + "\\\"UsersId\\\":null,"
              + "\\\"error\\\":\\\"User does not exist..\\\"}\"}");

  /** The tutorial server to 100, logged in with nobody else online. */
  public static final CapturedFrame LOGIN_OK_ALONE =
      new CapturedFrame(
          "00 00 00 4f",
          "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":200,"
              + "\\\"UsersId\\\":[100],\\\"error\\\":\\\"\\\"}\"}");

  /** The tutorial server to 200, logged in while 100 is online: map order, not sorted. */
  public static final CapturedFrame LOGIN_OK_SECOND =
      new CapturedFrame(
          "00 00 00 53",
          "{\"type\":\"LoginResMes\",\"data\":\"{\\\"code\\\":200,"
              + "\\\"UsersId\\\":[200,100],\\\"error\\\":\\\"\\\"}\"}");

  /** The tutorial server to 100: 200 came online. */
  public static final CapturedFrame NOTIFY_ONLINE =
      new CapturedFrame(
          "00 00 00 45",
          "{\"type\":\"NotifyUserStatusMes\",\"data\":\"{\\\"userId\\\":200,"
              + "\\\"status\\\":0}\"}");

  /** The tutorial server to 100: 200's "hi-from-go", relayed unchanged. */
  public static final CapturedFrame SMS_RELAYED =
      new CapturedFrame(
          "00 00 00 87",
          "{\"type\":\"SmsMes\","
              + "\"data\":\"{\\\"content\\\":\\\"hi-from-go\\\",\\\"userId\\\":200,"
              + "\\\"userPwd\\\":\\\"\\\",\\\"userName\\\":\\\"\\\","
              + "\\\"userStatus\\\":0,\\\"sex\\\":\\\"\\\"}\"}");

  /** Every captured frame, in the order of the notes. */
  public static List<CapturedFrame> all() {
    return List.of(
        REGISTER,
        LOGIN,
        SMS,
        REGISTER_OK,
        REGISTER_TAKEN,
        LOGIN_WRONG_PASSWORD,
        LOGIN_NO_SUCH_USER,
        LOGIN_OK_ALONE,
        LOGIN_OK_SECOND,
        NOTIFY_ONLINE,
        SMS_RELAYED);
  }
}
