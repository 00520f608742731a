package chatroom.chat.client.process;

import chatroom.chat.client.process.Inbox.Kind;
import chatroom.chat.client.process.Inbox.Received;
import chatroom.chat.common.ChatText;
import chatroom.chat.common.ErrorResMes;
import chatroom.chat.common.Feature;
import chatroom.chat.common.FindUserMes;
import chatroom.chat.common.FindUserResMes;
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
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.SmsMes;
import chatroom.chat.common.SmsResMes;
import chatroom.chat.common.Transfer;
import chatroom.chat.common.User;
import chatroom.support.ConnectionThreads;
import chatroom.support.ServerAddress;
import java.io.IOException;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>The server may be ours or one built while following the Go tutorial. The login answer says
 * which {@linkplain #offers features} it has (a tutorial server names none), and this class never
 * sends a tutorial server what it cannot take: no frame over {@link Protocol#TUTORIAL_FRAME_BYTES}
 * bytes, which would crash its reader, and no request it does not know, which it would leave
 * unanswered. It trusts nothing it receives either: a frame it cannot read is skipped like an
 * unknown type, a missing text becomes an empty one, and a list that never ends is cut.
 */
public final class ChatSession implements AutoCloseable {
  /** How long a request waits for its answer before giving up. */
  public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The most pages {@link #requestOnlineUsers} asks for: at our server's default presence limit of
   * 500 ids a page, a room of 50 000. A server still saying "more" after that is not believed.
   */
  public static final int MAX_ONLINE_PAGES = 100;

  /** Hears what the server sends without being asked. Called on the background thread. */
  public interface Listener {
    /** A message the server pushed: a status change, a chat message, a 409... */
    void onPush(MessageType type, Object payload);

    /** The connection ended without {@link #close} being called; {@code reason} says why. */
    void onClosed(String reason);
  }

  /**
   * What became of a registration.
   *
   * @param code the server's code, as sent
   * @param error the server's reason, empty if it gave none
   * @param fromTutorialServer true when the answer came from a Go tutorial server, whose codes
   *     differ from ours: its 505 means the id is taken and 506 any other failure
   */
  public record Registration(int code, String error, boolean fromTutorialServer) {
    /** True if the user was created. */
    public boolean registered() {
      return code == ResultCode.OK.code();
    }

    /** True if someone else has that user id already, whichever server said so. */
    public boolean idTaken() {
      return code == ResultCode.BAD_REQUEST.code() // ours; a tutorial server never sends 400
          || (fromTutorialServer && code == TUTORIAL_ID_TAKEN);
    }
  }

  /** A Go tutorial server's code for "that user id exists already". */
  static final int TUTORIAL_ID_TAKEN = 505;

  /**
   * The server's answer to "who is online?".
   *
   * @param code 200, or the code of the error the server answered with instead
   * @param error the server's reason when {@code code} is not 200, else empty
   * @param ids the users online, in the order the server listed them
   * @param whole false when the list may be missing users: the server refused part way, or was
   *     still saying "more" after {@link #MAX_ONLINE_PAGES} pages
   */
  public record OnlineNow(int code, String error, List<Integer> ids, boolean whole) {}

  /** Put in the reply queue when the connection ends, to wake a waiting request. */
  private static final Message CLOSED = new Message("", "");

  /** Put in the reply queue when the answer a request waits for cannot be read. */
  private static final Message UNREADABLE = new Message("", "");

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
  private volatile Set<Feature> offered = EnumSet.noneOf(Feature.class); // known after a login
  private volatile int userId; // 0 until logged in
  private volatile String userName = "";

  private ChatSession(Transfer transfer, Listener listener, Clock clock) {
    this.transfer = transfer;
    this.listener = listener;
    this.clock = clock;
  }

  /** Connects to a chat server and starts listening. */
  public static ChatSession connect(ServerAddress server, Listener listener) throws IOException {
    return connect(server.connect(), listener);
  }

  /**
   * Starts a session on a connection already made, such as one with TLS on it ({@code
   * chatroom.support.tls.ClientTls#connect}), and starts listening.
   */
  public static ChatSession connect(Socket socket, Listener listener) throws IOException {
    socket.setTcpNoDelay(true); // a chat line should leave when typed, not wait for company
    Transfer transfer = new Transfer(socket, Protocol.DEFAULT_MAX_FRAME_BYTES);
    ChatSession session = new ChatSession(transfer, listener, Clock.systemDefaultZone());
    ConnectionThreads.start("chat-listener", session::readUntilClosed);
    return session;
  }

  /** Connects to the chat server at {@code host} and {@code port} and starts listening. */
  public static ChatSession connect(String host, int port, Listener listener) throws IOException {
    return connect(new ServerAddress(host, port), listener);
  }

  /**
   * Creates a user. Our server answers 200, 400 (id taken), 422 (a field is invalid) or 505 (its
   * store failed); a Go tutorial server 200, 505 (id taken) or 506.
   */
  public Registration register(int userId, String password, String userName) throws IOException {
    RegisterMes request = new RegisterMes(new User(userId, password, userName));
    Message reply = request(MessageType.REGISTER_MES, request, MessageType.REGISTER_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    if (error.isPresent()) {
      return new Registration(error.get().code(), text(error.get().error()), false);
    }
    // Our server names its features in the answer; a Go tutorial server sends no such field.
    RegisterAnswer answer = decode(reply, RegisterAnswer.class);
    return new Registration(answer.code(), text(answer.error()), answer.features() == null);
  }

  /** The fields of a {@code RegisterResMes} this class reads, {@code features} among them. */
  private record RegisterAnswer(int code, String error, List<String> features) {}

  /** Logs in without a name; see {@link #login(int, String, String)}. */
  public LoginResMes login(int userId, String password) throws IOException {
    return login(userId, password, "");
  }

  /**
   * Logs in, saying which features this client can show; the answer's code is 200 (with everyone
   * online), 403, 500 or 505, and on 200 it says which features the server offers. Messages kept
   * while the user was offline follow the answer; they reach the listener and the inbox.
   *
   * @param userName this user's name if known, or empty. Our server fills in every sender's name
   *     itself, but a Go tutorial server passes group messages on exactly as it got them, so this
   *     session puts its user's id and this name into each one ({@link #sendToAll}).
   */
  public LoginResMes login(int userId, String password, String userName) throws IOException {
    LoginMes request = new LoginMes(userId, password, userName, Feature.names(Feature.all()));
    Message reply = request(MessageType.LOGIN_MES, request, MessageType.LOGIN_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    LoginResMes result =
        error.isPresent()
            ? new LoginResMes(error.get().code(), List.of(), text(error.get().error()))
            : decode(reply, LoginResMes.class);
    if (result.code() == ResultCode.OK.code()) {
      offered = Feature.parse(result.features());
      this.userId = userId;
      this.userName = userName;
      online.reset(result.usersId(), result.usersCount(), result.presenceLimit());
    }
    return new LoginResMes(
        result.code(),
        result.usersId(),
        text(result.error()),
        result.usersCount(),
        result.presenceLimit(),
        result.features());
  }

  /**
   * True if the server said at login that it offers {@code feature}. A Go tutorial server offers
   * none: it has group chat and status notices only.
   */
  public boolean offers(Feature feature) {
    return offered.contains(feature);
  }

  /** True once logged in to a server that named no features: a Go tutorial server. */
  public boolean tutorialServer() {
    return userId != 0 && offered.isEmpty();
  }

  /** The user this session logged in as, or 0 before a login. */
  public int userId() {
    return userId;
  }

  /**
   * Asks the server who is online now, page after page until the list is whole (the local {@link
   * #online()} list needs no request, but can be incomplete in a big room). Never more than {@link
   * #MAX_ONLINE_PAGES} requests, whatever the server answers. Needs {@link Feature#ONLINE_LIST}.
   */
  public OnlineNow requestOnlineUsers() throws IOException {
    require(Feature.ONLINE_LIST);
    List<Integer> all = new ArrayList<>();
    int after = 0;
    for (int page = 0; page < MAX_ONLINE_PAGES; page++) {
      Message reply =
          request(
              MessageType.ONLINE_USERS_MES,
              new OnlineUsersMes(after),
              MessageType.ONLINE_USERS_RES_MES);
      Optional<ErrorResMes> error = asError(reply);
      if (error.isPresent()) {
        return new OnlineNow(error.get().code(), text(error.get().error()), all, false);
      }
      OnlineUsersResMes answer = decode(reply, OnlineUsersResMes.class);
      all.addAll(answer.usersId());
      int last =
          answer.usersId().isEmpty() ? after : answer.usersId().get(answer.usersId().size() - 1);
      if (!answer.more() || last <= after) { // a page that does not move on would loop for ever
        return new OnlineNow(ResultCode.OK.code(), "", all, true);
      }
      after = last;
    }
    return new OnlineNow(ResultCode.OK.code(), "", all, false);
  }

  /**
   * Who is user {@code userId}, and are they online? 200 with their name, 404 if nobody has that
   * id. Needs {@link Feature#FIND_USER}.
   */
  public FindUserResMes findUser(int userId) throws IOException {
    require(Feature.FIND_USER);
    Message reply =
        request(MessageType.FIND_USER_MES, new FindUserMes(userId), MessageType.FIND_USER_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    return error.isPresent()
        ? new FindUserResMes(error.get().code(), error.get().error(), userId, "", false)
        : decode(reply, FindUserResMes.class);
  }

  /**
   * Why {@code content} cannot be sent as a chat message to this server, said for a person, or
   * empty if it can: the chat text rule ({@link ChatText#problem}), and for a server that did not
   * offer {@link Feature#LARGE_FRAMES}, the size of the frame it would travel in.
   */
  public Optional<String> problemWith(String content) {
    Optional<String> problem = ChatText.problem(content);
    if (problem.isPresent()) {
      return problem;
    }
    int bytes = Transfer.frame(MessageType.SMS_MES, groupMessage(content)).length - 4;
    return bytes > frameLimit() ? Optional.of(tooLarge(bytes)) : Optional.empty();
  }

  /**
   * Sends a group message to everyone else online, with this user's id and name in it. The protocol
   * gives no answer.
   *
   * @throws IllegalArgumentException if {@link #problemWith} has something to say about it
   */
  public void sendToAll(String content) throws IOException {
    ChatText.problem(content)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    send(MessageType.SMS_MES, groupMessage(content));
  }

  private SmsMes groupMessage(String content) {
    return new SmsMes(content, userId, "", userName);
  }

  /**
   * Sends a private message; the answer says delivered (200), kept (202) or why not. Needs {@link
   * Feature#PRIVATE}.
   */
  public SmsResMes sendTo(int toUserId, String content) throws IOException {
    require(Feature.PRIVATE);
    ChatText.problem(content)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException(problem);
            });
    PrivateSmsMes request = new PrivateSmsMes(toUserId, content, 0, "", 0, false);
    Message reply = request(MessageType.PRIVATE_SMS_MES, request, MessageType.SMS_RES_MES);
    Optional<ErrorResMes> error = asError(reply);
    SmsResMes result =
        error.isPresent()
            ? new SmsResMes(error.get().code(), error.get().error(), toUserId)
            : decode(reply, SmsResMes.class);
    return new SmsResMes(result.code(), text(result.error()), result.toUserId());
  }

  /**
   * Logs out: the server tells the others and closes the connection. A server without {@link
   * Feature#LOGOUT} (a Go tutorial server) learns of it when the connection closes, which this does
   * at once.
   */
  public void logout() throws IOException {
    closing = true;
    if (offers(Feature.LOGOUT)) {
      send(MessageType.LOGOUT_MES, new LogoutMes());
    } else {
      close();
    }
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

  private void require(Feature feature) {
    if (!offers(feature)) {
      throw new UnsupportedOperationException("the server does not offer " + feature.wireName());
    }
  }

  /**
   * The largest frame body this server can take: a Go tutorial server reads every frame into an 8
   * 096-byte buffer, and until the login answer says otherwise, any server may be one.
   */
  private int frameLimit() {
    return offers(Feature.LARGE_FRAMES)
        ? Protocol.DEFAULT_MAX_FRAME_BYTES
        : Protocol.TUTORIAL_FRAME_BYTES;
  }

  private static String tooLarge(int bytes) {
    return "the message is too long for this server: it would take "
        + bytes
        + " bytes, and the server reads at most "
        + Protocol.TUTORIAL_FRAME_BYTES
        + " at once";
  }

  /** Sends one frame, after checking that this server can read a frame that size. */
  private void send(MessageType type, Object payload) throws IOException {
    byte[] frame = Transfer.frame(type, payload);
    if (frame.length - 4 > frameLimit()) {
      throw new IllegalArgumentException(tooLarge(frame.length - 4));
    }
    transfer.writeFrame(frame);
  }

  /** Sends a request and waits for the answer of {@code replyType} (or an error). */
  private synchronized Message request(MessageType type, Object payload, MessageType replyType)
      throws IOException {
    replies.clear();
    awaiting = replyType; // set before sending, so the answer cannot arrive first
    try {
      send(type, payload);
      Message reply = replies.poll(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (reply == null) {
        throw new IOException(
            "no answer from the server within " + REPLY_TIMEOUT.toSeconds() + " s");
      }
      if (reply == CLOSED) {
        throw new IOException("the server closed the connection");
      }
      if (reply == UNREADABLE) {
        throw new IOException("the server sent an answer this client cannot read");
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
    if (!MessageType.ERROR_RES_MES.wireName().equals(reply.type())) {
      return Optional.empty();
    }
    ErrorResMes error = decode(reply, ErrorResMes.class);
    return Optional.of(new ErrorResMes(error.code(), text(error.error())));
  }

  /** Decodes an answer already known to be readable (the listener thread tried). */
  private static <T> T decode(Message reply, Class<T> type) throws IOException {
    return Json.decodePayload(reply, type);
  }

  /** A text field as received: a field the server left out is an empty text. */
  private static String text(String field) {
    return field == null ? "" : field;
  }

  /** The background thread: reads frames until the connection ends. */
  private void readUntilClosed() {
    String reason = "the server closed the connection";
    try {
      byte[] body;
      while ((body = transfer.readFrame()) != null) {
        route(body);
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

  /**
   * Hands one frame to the request waiting for it, or to the listener. A frame this client cannot
   * read is skipped, like a type it does not know; only if it was the answer a request is waiting
   * for does that request hear of it, at once.
   */
  private void route(byte[] body) {
    Message message;
    try {
      message = Json.decodeEnvelope(body);
    } catch (IOException unreadable) {
      return;
    }
    Optional<MessageType> type = MessageType.fromWireName(message.type());
    if (type.isEmpty()) {
      return; // a newer server's extension this client does not know: ignore it
    }
    MessageType waitingFor = awaiting;
    Object payload;
    try {
      payload = Json.decodePayload(message, type.get().payloadType());
    } catch (IOException unreadable) {
      if (type.get() == waitingFor) {
        replies.add(UNREADABLE);
      }
      return;
    }
    boolean answersRequest =
        type.get() == waitingFor
            || (waitingFor != null
                && payload instanceof ErrorResMes error
                && error.code() != ResultCode.SESSION_REPLACED.code());
    if (answersRequest) {
      awaiting = null; // answered: an error right after it is news, not a second answer
      replies.add(message);
      return;
    }
    if (payload instanceof ErrorResMes error) {
      payload = new ErrorResMes(error.code(), text(error.error()));
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
