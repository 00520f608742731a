package chatroom.chat.common;

/** Client to server: who is online right now? (An extension; the payload is {@code {}}.) */
public record OnlineUsersMes() {}
