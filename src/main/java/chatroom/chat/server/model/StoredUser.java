package chatroom.chat.server.model;

/**
 * A user as kept in Redis: the value of field {@code userId} in the hash {@code users}.
 *
 * @param userId the user's number
 * @param userName the display name
 * @param passwordHash a {@link PasswordHasher} hash, never the password itself
 */
public record StoredUser(int userId, String userName, String passwordHash) {}
