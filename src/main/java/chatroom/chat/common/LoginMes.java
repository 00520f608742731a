package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Client to server: log in.
 *
 * @param userId who
 * @param userPwd the password, in clear over the connection (see lesson 06 for what TLS adds)
 * @param userName ignored by the server; the Go client always sends it, usually empty
 */
public record LoginMes(
    @JsonProperty(required = true) int userId,
    @JsonProperty(required = true) String userPwd,
    String userName) {}
