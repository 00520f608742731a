package chatroom.chat.common;

/**
 * Client to server: who is this user, and are they online? (An extension.) A client asks before a
 * private chat, so that a mistyped id is caught when it is chosen, not after each line typed.
 *
 * @param userId the user asked about
 */
public record FindUserMes(int userId) {}
