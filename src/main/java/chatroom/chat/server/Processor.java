package chatroom.chat.server;

import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.Json;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.ResultCode;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.process.LogAllowance;
import chatroom.chat.server.process.MessageProcessor;
import chatroom.chat.server.process.Session;
import chatroom.support.LogText;
import com.fasterxml.jackson.core.JacksonException;
import java.io.IOException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each incoming frame to the processor registered for its type, as the Go tutorial's {@code
 * Processor.serverProcessMes} does with its switch. It knows no feature: a new feature is a new
 * {@link MessageProcessor} and one more {@link #on} line where the server is put together.
 *
 * <p>Whatever a client sends, it gets an answer, never an exception: unknown or malformed requests
 * get 400, requests that need a login get 401 before one, and Redis failures get 505.
 */
public final class Processor {
  private static final Logger log = LoggerFactory.getLogger(Processor.class);

  private final Map<MessageType, MessageProcessor<?>> processors = new EnumMap<>(MessageType.class);
  private final RefusalLog refusals;
  private final Clock clock;
  private final LogAllowance storeFailures = new LogAllowance();

  /**
   * Requests that failed for want of the store, logged per {@link RefusalLog#INTERVAL}: when Redis
   * is away every busy user fails again and again, and the rest are summed up in one line.
   */
  static final int STORE_FAILURES_LOGGED = 20;

  /** A dispatcher with no processors yet, that tells time by the system clock. */
  public Processor() {
    this(Clock.systemUTC());
  }

  /** A dispatcher with no processors yet; {@code clock} paces the log of refused requests. */
  public Processor(Clock clock) {
    this.refusals = new RefusalLog(clock);
    this.clock = clock;
  }

  /** Registers the processor for one type of request; returns this for chaining. */
  public <T> Processor on(MessageType type, MessageProcessor<T> processor) {
    if (type.payloadType() != processor.requestType()) {
      throw new IllegalArgumentException(type + " carries " + type.payloadType().getSimpleName());
    }
    processors.put(type, processor);
    return this;
  }

  /** Decodes one frame body from {@code session} and acts on it. */
  public void dispatch(Session session, byte[] body) {
    Message message;
    try {
      message = Json.decodeEnvelope(body);
    } catch (IOException e) {
      reject(session, ResultCode.BAD_REQUEST, "malformed envelope: " + reason(e));
      return;
    }
    Optional<MessageType> type = MessageType.fromWireName(message.type());
    if (type.isEmpty()) {
      String unknown = "unknown message type '" + LogText.of(message.type()) + "'";
      reject(session, ResultCode.BAD_REQUEST, unknown);
      return;
    }
    if (type.get().requiresLogin() && !session.isLoggedIn()) {
      reject(session, ResultCode.NOT_LOGGED_IN, message.type() + " needs a login first");
      return;
    }
    MessageProcessor<?> processor = processors.get(type.get());
    if (processor == null) {
      reject(session, ResultCode.BAD_REQUEST, message.type() + " is not a request to the server");
      return;
    }
    run(session, message, processor);
  }

  private <T> void run(Session session, Message message, MessageProcessor<T> processor) {
    T request;
    try {
      request = Json.decodePayload(message, processor.requestType());
    } catch (IOException e) {
      reject(session, ResultCode.BAD_REQUEST, "malformed " + message.type() + ": " + reason(e));
      return;
    }
    try {
      processor.process(session, request);
    } catch (StoreException e) {
      logStoreFailure(session, message, e);
      processor.fail(
          session,
          request,
          ResultCode.SERVER_ERROR,
          "the server's store is unavailable; try again later");
    }
  }

  private void logStoreFailure(Session session, Message message, StoreException e) {
    long missed = storeFailures.restartIfOver(clock.instant(), RefusalLog.INTERVAL);
    if (missed > 0) {
      log.error("{} more requests failed for want of the store, not logged one by one", missed);
    }
    if (storeFailures.take(STORE_FAILURES_LOGGED)) {
      log.error("{}: {} failed: {}", session, message.type(), e.getMessage()); // one line, no trace
    }
  }

  /**
   * Jackson's own words, without the excerpt of the input it appends; escaped and cut short, as
   * they may quote what the client sent.
   */
  private static String reason(IOException e) {
    String reason = e instanceof JacksonException json ? json.getOriginalMessage() : e.getMessage();
    return LogText.of(String.valueOf(reason), 2 * LogText.DEFAULT_LIMIT);
  }

  /** Answers {@code error} with {@code code}; any client text in {@code error} is escaped. */
  private void reject(Session session, ResultCode code, String error) {
    refusals.refused(session, code, error);
    session.send(MessageType.ERROR_RES_MES, new ErrorResMes(code.code(), error));
  }
}
