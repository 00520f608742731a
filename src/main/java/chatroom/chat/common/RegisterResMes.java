package chatroom.chat.common;

/**
 * Server to client: the result of a registration.
 *
 * @param code 200, 400 (id taken), 422 (a field is invalid) or 505
 * @param error why it failed, empty on success
 */
public record RegisterResMes(int code, String error) {}
