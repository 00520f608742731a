package chatroom.chat.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The envelope around every payload: {@code type} names the message, {@code data} holds the payload
 * encoded as a JSON string (JSON inside JSON, the Go tutorial's wire format).
 *
 * @param type the wire name of a {@link MessageType}
 * @param data the payload, as JSON text
 */
public record Message(
    @JsonProperty(required = true) String type, @JsonProperty(required = true) String data) {}
