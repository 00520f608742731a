package chatroom.chat.client.process;

import chatroom.chat.client.process.Inbox.Kind;
import chatroom.chat.client.process.Inbox.Received;
import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.Feature;
import chatroom.chat.common.Json;
import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.LogoutMes;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.OnlineUsersMes;
import chatroom.chat.common.OnlineUsersResMes;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.Protocol;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.SmsMes;
import chatroom.chat.common.SmsResMes;
import chatroom.chat.common.Transfer;
import chatroom.chat.common.User;
import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The client's side of the protocol, with no console in it: a program (or a test) calls {@link
 * #register}, {@link #login}, {@link #sendToAll} and so on, and hears about what the server sends
 * on its own through a {@link Listener}.
 *
 * <p>A background thread reads every frame, like the Go client's {@code serverProcessMes}
 * goroutine. An answer to a request goes to the thread waiting in that request; everything else (a
 * user came online, a chat message arrived) updates {@link #online()} and {@link #inbox()} and then
 * goes to the listener.
 */
public final class ChatSession implements AutoCloseable {
  /** How long a request waits for its answer before giving up. */
  public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  /** Hears what the server sends without being asked. Called on the background thread. */
  public interface Listener {
    /** A message the server pushed: a status change, a chat message, a 409... */
    void onPush(MessageType type, Object payload);

    /** The connection ended without {@link #close} being called; {@code reason} says why. */
    void onClosed(String reason);
  }

  /** Put in the reply queue when the connection ends, to wake a waiting request. */
  private static final Message CLOSED = new Message("", "");

  private final Transfer transfer;
  private final Listener listener;
  private final Clock clock;
  private final BlockingQueue<Message> replies = new LinkedBlockingQueue<>();
  private final OnlineUserList online = new OnlineUserList();
  private final Inbox inbox = new Inbox();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile MessageType awaiting; // the answer type a request is waiting for, or null
  private volatile boolean closing; // close() was called: the end is expected, not news
  private volatile boolean open = true;

  private ChatSession(Transfer transfer, Listener listener, Clock clock) {
    this.transfer = transfer;
    this.listener = listener;
    this.clock = clock;
  }

  /** Connects to a chat server and starts listening. */
  public static ChatSession connect(String host, int port, Listener listener) throws IOException {
    Socket socket = new Socket(host, port);
    socket.setTcpNoDelay(true); // a chat line should leave when typed, not wait for company
    Transfer transfer = new Transfer(socket, Protocol.DEFAULT_MAX_FRAME_BYTES);
    ChatSession session = new ChatSession(transfer, listener, Clock.systemDefaultZone());
    ConnectionThreads.start("chat-listener", session::readUntilClosed);
    return session;
  }

  /** Creates a user; the answer's code is 200, 400 (id taken), 422 (invalid field) or 505. */
  public RegisterResMes register(int userId, String password, String userName) throws IOException {
    RegisterMes request = new RegisterMes(new User(userId, password, userName));
    Message reply = request(MessageType.REGISTER_MES, request, MessageType.REGISTER_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    return error.isPresent()
        ? new RegisterResMes(error.get().code(), error.get().error())
        : Json.decodePayload(reply, RegisterResMes.class);
  }

  /**
   * Logs in; the answer's code is 200 (with everyone online), 403, 500 or 505. Messages kept while
   * the user was offline follow the answer; they reach the listener and the inbox.
   */
  public LoginResMes login(int userId, String password) throws IOException {
    LoginMes request = new LoginMes(userId, password, "", Feature.names(Feature.all()));
    Message reply = request(MessageType.LOGIN_MES, request, MessageType.LOGIN_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    LoginResMes result =
        error.isPresent()
            ? new LoginResMes(error.get().code(), List.of(), error.get().error())
            : Json.decodePayload(reply, LoginResMes.class);
    if (result.code() == ResultCode.OK.code()) {
      online.reset(result.usersId(), result.usersCount(), result.presenceLimit());
    }
    return result;
  }

  /**
   * Asks the server who is online now, page after page until the list is whole (the local {@link
   * #online()} list needs no request, but can be incomplete in a big room).
   */
  public List<Integer> requestOnlineUsers() throws IOException {
    List<Integer> all = new ArrayList<>();
    int after = 0;
    while (true) {
      Message reply =
          request(
              MessageType.ONLINE_USERS_MES,
              new OnlineUsersMes(after),
              MessageType.ONLINE_USERS_RES_MES);
      Optional<ErrorResMes> error = asError(reply);
      if (error.isPresent()) {
        throw new IOException(
            "the server refused (" + error.get().code() + "): " + error.get().error());
      }
      OnlineUsersResMes page = Json.decodePayload(reply, OnlineUsersResMes.class);
      all.addAll(page.usersId());
      int last = page.usersId().isEmpty() ? after : page.usersId().get(page.usersId().size() - 1);
      if (!page.more() || last <= after) { // a page that does not move on would loop for ever
        return all;
      }
      after = last;
    }
  }

  /** Sends a group message to everyone else online. The protocol gives no answer. */
  public void sendToAll(String content) throws IOException {
    transfer.send(MessageType.SMS_MES, new SmsMes(content, 0, "", ""));
  }

  /** Sends a private message; the answer says delivered (200), kept (202) or why not. */
  public SmsResMes sendTo(int toUserId, String content) throws IOException {
    PrivateSmsMes request = new PrivateSmsMes(toUserId, content, 0, "", 0, false);
    Message reply = request(MessageType.PRIVATE_SMS_MES, request, MessageType.SMS_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    return error.isPresent()
        ? new SmsResMes(error.get().code(), error.get().error(), toUserId)
        : Json.decodePayload(reply, SmsResMes.class);
  }

  /** Logs out; the server tells the others and closes the connection. */
  public void logout() throws IOException {
    closing = true;
    transfer.send(MessageType.LOGOUT_MES, new LogoutMes());
  }

  /** Who is online, kept current from the server's notices. */
  public OnlineUserList online() {
    return online;
  }

  /** The messages received so far. */
  public Inbox inbox() {
    return inbox;
  }

  /** False once the connection has ended, whoever ended it. */
  public boolean isOpen() {
    return open;
  }

  /** Sends a request and waits for the answer of {@code replyType} (or an error). */
  private synchronized Message request(MessageType type, Object payload, MessageType replyType)
      throws IOException {
    replies.clear();
    awaiting = replyType; // set before sending, so the answer cannot arrive first
    try {
      transfer.send(type, payload);
      Message reply = replies.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new IOException(
            "no answer from the server within " + REPLY_TIMEOUT.toSeconds() + " s");
      }
      if (reply == CLOSED) {
        throw new IOException("the server closed the connection");
      }
      return reply;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the server", e);
    } finally {
      awaiting = null;
    }
  }

  private static Optional<ErrorResMes> asError(Message reply) throws IOException {
    return MessageType.ERROR_RES_MES.wireName().equals(reply.type())
        ? Optional.of(Json.decodePayload(reply, ErrorResMes.class))
        : Optional.empty();
  }

  /** The background thread: reads frames until the connection ends. */
  private void readUntilClosed() {
    String reason = "the server closed the connection";
    try {
      Message message;
      while ((message = transfer.readMessage()) != null) {
        route(message);
      }
    } catch (IOException e) {
      reason = "connection lost: " + e.getMessage();
    } finally {
      open = false;
      replies.add(CLOSED);
      if (!closing) {
        listener.onClosed(reason);
      }
      ended.countDown();
    }
  }

  private void route(Message message) throws IOException {
    Optional<MessageType> type = MessageType.fromWireName(message.type());
    if (type.isEmpty()) {
      return; // a newer server's extension this client does not know: ignore it
    }
    Object payload = Json.decodePayload(message, type.get().payloadType());
    MessageType waitingFor = awaiting;
    boolean answersRequest =
        type.get() == waitingFor
            || (waitingFor != null
                && payload instanceof ErrorResMes error
                && error.code() != ResultCode.SESSION_REPLACED.code());
    if (answersRequest) {
      replies.add(message);
      return;
    }
    remember(payload);
    listener.onPush(type.get(), payload);
  }

  /** Updates the local online list and inbox from a pushed message. */
  private void remember(Object payload) {
    if (payload instanceof NotifyUserStatusMes notice) {
      online.update(notice);
    } else if (payload instanceof SmsMes group) {
      inbox.add(
          new Received(
              Kind.GROUP, group.userId(), group.userName(), group.content(), clock.instant()));
    } else if (payload instanceof PrivateSmsMes direct) {
      Kind kind = direct.offline() ? Kind.OFFLINE : Kind.PRIVATE;
      Instant sent = Instant.ofEpochMilli(direct.sentAt());
      inbox.add(new Received(kind, direct.userId(), direct.userName(), direct.content(), sent));
    }
  }

  /**
   * Waits until the background thread has finished, the listener told if need be.
   *
   * @return false if that did not happen within {@code timeout}
   */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Hangs up. The background thread then ends; the listener is not told, it asked for this. */
  @Override
  public void close() throws IOException {
    closing = true;
    transfer.close();
  }
}
