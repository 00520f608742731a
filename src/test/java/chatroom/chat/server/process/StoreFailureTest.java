package chatroom.chat.server.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import chatroom.chat.common.LoginMes;
import chatroom.chat.common.LoginResMes;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.RegisterMes;
import chatroom.chat.common.RegisterResMes;
import chatroom.chat.common.SmsResMes;
import chatroom.chat.common.User;
import chatroom.chat.server.Processor;
import chatroom.chat.server.model.LimitStore;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.chat.server.model.PasswordHasher;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.model.UserDao;
import chatroom.testing.RawClient;
import chatroom.testing.RecordedSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When Redis fails, the user gets code 505 in the answer their client waits for: the UserDao is a
 * Mockito mock that throws, and the real processors and dispatcher handle it.
 */
class StoreFailureTest {
  private final UserDao users = mock(UserDao.class);
  private final OfflineMessageDao offline = mock(OfflineMessageDao.class);
  private final OnlineUsers online = new OnlineUsers();
  private final RecordedSession recorded = new RecordedSession();
  private Processor processor;

  @BeforeEach
  void setUp() throws StoreException {
    StoreException down = new StoreException("Redis is down", new IOException("refused"));
    when(users.find(anyInt())).thenThrow(down);
    when(users.exists(anyInt())).thenThrow(down);
    when(users.create(any())).thenThrow(down);
    PasswordHasher hasher = new PasswordHasher(1);
    Guard guard =
        new Guard(
            mock(LimitStore.class),
            Clock.systemUTC(),
            new HashingQueue(1, 10, 10),
            Guard.Limits.none());
    processor =
        new Processor()
            .on(
                MessageType.LOGIN_MES,
                new LoginProcessor(
                    users, hasher, online, new Mailboxes(online, offline, 10), guard))
            .on(MessageType.REGISTER_MES, new RegisterProcessor(users, hasher, guard));
  }

  private void dispatch(MessageType type, Object payload) throws IOException {
    String body = RawClient.envelope(type.wireName(), chatroom.chat.common.Json.write(payload));
    processor.dispatch(recorded.session(), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aLoginWhileTheStoreIsDownGets505InALoginResMes() throws IOException {
    dispatch(MessageType.LOGIN_MES, new LoginMes(7, "pw", ""));
    LoginResMes reply = recorded.onlyReply("LoginResMes", LoginResMes.class);
    assertEquals(
        new LoginResMes(505, List.of(), "the server's store is unavailable; try again later"),
        reply);
  }

  @Test
  void aRegistrationWhileTheStoreIsDownGets505InARegisterResMes() throws IOException {
    dispatch(MessageType.REGISTER_MES, new RegisterMes(new User(7, "pw", "Ann")));
    RegisterResMes reply = recorded.onlyReply("RegisterResMes", RegisterResMes.class);
    assertEquals(505, reply.code());
  }

  @Test
  void aPrivateMessageToAnOfflineUserWhileTheStoreIsDownGets505AndIsNotClaimedKept()
      throws Exception {
    when(offline.keep(anyInt(), any())).thenThrow(new StoreException("down", null));
    Processor privateChat =
        new Processor()
            .on(
                MessageType.PRIVATE_SMS_MES,
                new PrivateChatProcessor(
                    online, users, new Mailboxes(online, offline, 10), Clock.systemUTC()));
    recorded.session().loggedIn(1, "Ann");
    String body = RawClient.envelope("PrivateSmsMes", "{\"toUserId\":2,\"content\":\"hi\"}");
    doReturn(true).when(users).exists(2); // registered, but Redis fails when keeping the message
    privateChat.dispatch(recorded.session(), body.getBytes(StandardCharsets.UTF_8));
    assertEquals(505, recorded.onlyReply("SmsResMes", SmsResMes.class).code());
  }

  @Test
  void theSessionStaysUsableAfterA505() throws IOException {
    dispatch(MessageType.LOGIN_MES, new LoginMes(7, "pw", ""));
    dispatch(MessageType.LOGIN_MES, new LoginMes(7, "pw", ""));
    assertEquals(2, recorded.sent().size(), "both requests were answered");
  }
}
