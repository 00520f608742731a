package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import chatroom.chat.common.LoginMes;
import chatroom.chat.common.Message;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.chat.common.OnlineUsersMes;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.StoredUser;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.RecordedSession;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * The order of a login's steps, which no amount of racing clients could show reliably: the session
 * joins the online users before its answer can be written, and the answer still comes first on the
 * wire.
 */
class LoginOrderTest {
  private final PasswordHasher hasher = new PasswordHasher(1);
  private final OnlineUsers online = spy(new OnlineUsers());
  private final UserDao users = mock(UserDao.class);
  private final OfflineMessageDao offline = mock(OfflineMessageDao.class);
  private final LoginProcessor login =
      new LoginProcessor(
          users,
          hasher,
          online,
          new Mailboxes(online, offline, 10),
          new Guard(
              mock(LimitStore.class),
              Clock.systemUTC(),
              new HashingQueue(1, 10, 10),
              Guard.Limits.none()));

  LoginOrderTest() throws StoreException {
    when(users.find(anyInt()))
        .thenAnswer(
            call -> Optional.of(new StoredUser(call.getArgument(0), "u", hasher.hash("pw"))));
    when(offline.oldest(anyInt(), anyInt(), anyLong())).thenReturn(List.of());
  }

  @Test
  void theSessionJoinsWhileItsWritesAreHeldAndOnlyThenIsAnswered() throws StoreException {
    RecordedSession recorded = new RecordedSession();
    Session session = spy(recorded.session());
    login.process(session, new LoginMes(7, "pw", ""));

    InOrder order = inOrder(session, online);
    order.verify(session).holdWrites();
    order.verify(online).put(session);
    order.verify(session).sendFirstAndRelease(any());
  }

  @Test
  void whatIsSentWhileWritesAreHeldComesAfterTheFramesPutFirst() throws Exception {
    RecordedSession recorded = new RecordedSession();
    Session session = recorded.session();
    session.holdWrites();
    session.send(MessageType.NOTIFY_USER_STATUS_MES, new NotifyUserStatusMes(9, 0)); // meanwhile
    byte[] answer = Transfer.frame(MessageType.ONLINE_USERS_MES, new OnlineUsersMes());
    session.sendFirstAndRelease(List.of(new Outgoing(answer, null)));

    List<Message> written = recorded.sent();
    assertEquals(
        List.of("OnlineUsersMes", "NotifyUserStatusMes"),
        written.stream().map(Message::type).toList());
  }
}
