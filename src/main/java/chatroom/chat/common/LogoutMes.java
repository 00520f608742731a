package chatroom.chat.common;

/** Client to server: leave cleanly (an extension; the payload is {@code {}}). */
public record LogoutMes() {}
