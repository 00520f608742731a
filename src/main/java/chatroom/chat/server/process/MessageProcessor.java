package chatroom.chat.server.process;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.server.model.StoreException;

/**
 * Handles one kind of request. Each feature of the chat is one class implementing this, registered
 * with the server's {@code Processor} under its {@link MessageType}.
 *
 * @param <T> the payload record of the request
 */
public interface MessageProcessor<T> {
  /** The payload record this processor accepts. */
  Class<T> requestType();

  /**
   * Acts on one request from {@code session}, answering it if the protocol says so.
   *
   * @throws StoreException when Redis fails; the dispatcher then calls {@link #fail} with 505
   */
  void process(Session session, T request) throws StoreException;

  /**
   * Tells the client its request failed. By default an {@code ErrorResMes}; a processor whose
   * client waits for a particular answer (say, a {@code LoginResMes}) sends that instead.
   */
  default void fail(Session session, T request, ResultCode code, String error) {
    session.send(MessageType.ERROR_RES_MES, new ErrorResMes(code.code(), error));
  }
}
