package chatroom.chat.common;

/** The result codes of the chat protocol; {@code docs/protocol.md} explains when each is used. */
public enum ResultCode {
  OK(200),
  STORED_FOR_LATER(202),
  BAD_REQUEST(400),
  NOT_LOGGED_IN(401),
  WRONG_PASSWORD(403),
  NO_SUCH_USER(404),
  SESSION_REPLACED(409),
  FRAME_TOO_LARGE(413),
  INVALID_FIELD(422),
  TLS_REQUIRED(426),
  TOO_MANY(429),
  NOT_REGISTERED(500),
  SERVER_FULL(503),
  SERVER_ERROR(505);

  private final int code;

  ResultCode(int code) {
    this.code = code;
  }

  /** The number sent on the wire. */
  public int code() {
    return code;
  }
}
