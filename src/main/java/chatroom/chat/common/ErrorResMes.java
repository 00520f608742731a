package chatroom.chat.common;

/**
 * Server to client: a frame the server could not act on (an extension).
 *
 * @param code 400, 401, 409, 413 or 505
 * @param error what was wrong, for a person to read
 */
public record ErrorResMes(int code, String error) {}
