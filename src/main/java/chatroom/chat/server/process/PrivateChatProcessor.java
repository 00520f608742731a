package chatroom.chat.server.process;

import chatroom.chat.common.ChatText;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.SmsResMes;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.UserDao;
import java.time.Clock;
import java.util.Optional;

/**
 * Private chat: a {@code PrivateSmsMes} to one user, delivered now if they are online (200), kept
 * for their next login if they are registered but offline (202), refused if nobody has that id
 * (404). The sender always gets a {@code SmsResMes} saying which.
 */
public final class PrivateChatProcessor implements MessageProcessor<PrivateSmsMes> {
  private final OnlineUsers online;
  private final UserDao users;
  private final Mailboxes mailboxes;
  private final Clock clock;

  /** Delivers through {@code mailboxes}; {@code clock} stamps {@code sentAt}. */
  public PrivateChatProcessor(OnlineUsers online, UserDao users, Mailboxes mailboxes, Clock clock) {
    this.online = online;
    this.users = users;
    this.mailboxes = mailboxes;
    this.clock = clock;
  }

  @Override
  public Class<PrivateSmsMes> requestType() {
    return PrivateSmsMes.class;
  }

  @Override
  public void process(Session session, PrivateSmsMes request) throws StoreException {
    int to = request.toUserId();
    Optional<String> problem = ChatText.problem(request.content());
    if (problem.isPresent()) {
      fail(session, request, ResultCode.BAD_REQUEST, problem.get());
      return;
    }
    if (to == session.userId()) {
      fail(session, request, ResultCode.BAD_REQUEST, "a private message needs another user");
      return;
    }
    // Someone online is registered; only for the others does Redis need asking.
    if (!online.contains(to) && !users.exists(to)) {
      fail(session, request, ResultCode.NO_SUCH_USER, "no user " + to);
      return;
    }
    PrivateSmsMes stamped =
        new PrivateSmsMes(
            to, request.content(), session.userId(), session.userName(), clock.millis(), false);
    switch (mailboxes.deliver(stamped)) {
      case DELIVERED -> answer(session, to, ResultCode.OK, "");
      case KEPT -> answer(session, to, ResultCode.STORED_FOR_LATER, "user " + to + " is offline");
      case KEPT_BEHIND_MAIL ->
          answer(
              session,
              to,
              ResultCode.STORED_FOR_LATER,
              "user " + to + " is just logging in; it follows the messages that waited for them");
      case KEPT_FOR_ANOTHER_CLIENT ->
          answer(
              session,
              to,
              ResultCode.STORED_FOR_LATER,
              "user "
                  + to
                  + "'s program cannot show private messages; kept until they use one that can");
      case RECIPIENT_FULL ->
          answer(session, to, ResultCode.TOO_MANY, "too many messages wait for user " + to);
      case SENDER_FULL ->
          answer(
              session,
              to,
              ResultCode.TOO_MANY,
              "too many of your messages wait for people who are away; try when they have read"
                  + " some");
      case STORE_FULL ->
          answer(
              session,
              to,
              ResultCode.TOO_MANY,
              "the server's store for waiting messages is full; try again later");
    }
  }

  private static void answer(Session session, int to, ResultCode code, String error) {
    session.send(MessageType.SMS_RES_MES, new SmsResMes(code.code(), error, to));
  }

  @Override
  public void fail(Session session, PrivateSmsMes request, ResultCode code, String error) {
    answer(session, request.toUserId(), code, error);
  }
}
