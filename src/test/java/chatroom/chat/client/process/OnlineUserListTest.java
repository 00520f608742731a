package chatroom.chat.client.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.common.NotifyUserStatusMes;
import chatroom.testing.ChatServerFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** When the client's own list can be trusted, and how the whole list is fetched when it cannot. */
class OnlineUserListTest {
  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture("--presence-limit", "3");

  @Test
  void aListFromAGoServerIsAlwaysComplete() {
    OnlineUserList list = new OnlineUserList();
    list.reset(List.of(1, 2), 0, 0); // a Go tutorial server sends neither count nor limit
    for (int id = 3; id < 1000; id++) {
      list.update(new NotifyUserStatusMes(id, NotifyUserStatusMes.ONLINE));
    }
    assertTrue(list.complete());
    assertEquals(999, list.ids().size());
  }

  @Test
  void aServerAnnouncingEndlessNewUsersFillsTheListOnlyUpToItsCap() {
    OnlineUserList list = new OnlineUserList();
    list.reset(List.of(1), 0, 0);
    for (int id = 2; id <= OnlineUserList.MAX_KEPT + 10; id++) {
      list.update(new NotifyUserStatusMes(id, NotifyUserStatusMes.ONLINE));
    }
    assertEquals(OnlineUserList.MAX_KEPT, list.ids().size());
    assertFalse(list.complete());
  }

  @Test
  void aCutLoginListOrAListThatReachesTheLimitIsIncomplete() {
    OnlineUserList cut = new OnlineUserList();
    cut.reset(List.of(1, 2), 5, 10);
    assertFalse(cut.complete());

    OnlineUserList growing = new OnlineUserList();
    growing.reset(List.of(1), 1, 3);
    growing.update(new NotifyUserStatusMes(2, NotifyUserStatusMes.ONLINE));
    assertTrue(growing.complete());
    growing.update(new NotifyUserStatusMes(3, NotifyUserStatusMes.ONLINE));
    assertFalse(growing.complete(), "the next login would not be announced");
    growing.update(new NotifyUserStatusMes(3, NotifyUserStatusMes.OFFLINE));
    assertFalse(growing.complete(), "who joined or left meanwhile is unknown");
  }

  @Test
  void pastTheLimitTheSessionFetchesTheWholeListPageByPage() throws Exception {
    chat.register(100, "pw", "Alice");
    ChatSessionTest.Heard heard = new ChatSessionTest.Heard();
    try (ChatSession alice = ChatSession.connect("localhost", chat.port(), heard)) {
      alice.login(100, "pw");
      chat.loggedIn(200, "Bob");
      chat.loggedIn(300, "Carol");
      heard.next(); // Bob is online
      heard.next(); // Carol is online: a room of three, the limit
      assertFalse(alice.online().complete());
      chat.loggedIn(400, "Dave"); // not announced

      assertEquals(
          new ChatSession.OnlineNow(200, "", List.of(100, 200, 300, 400), true),
          alice.requestOnlineUsers());
      assertEquals(List.of(100, 200, 300), alice.online().ids());
    }
  }
}
