package chatroom.chat.common;

/**
 * Server to client: what became of a private message (an extension).
 *
 * @param code 200 delivered, 202 stored for later, 404 no such user, 400 or 505
 * @param error why it was not delivered, empty on 200
 * @param toUserId the recipient the sender named
 */
public record SmsResMes(int code, String error, int toUserId) {}
