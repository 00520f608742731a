package chatroom.chat.server;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatroom.chat.client.process.ChatSession;
import chatroom.chat.common.MessageType;
import chatroom.chat.common.SmsMes;
import chatroom.chat.server.model.OfflineMessageDao;
import chatroom.testing.ChatServerFixture;
import chatroom.testing.ChatWire;
import chatroom.testing.GoTutorialClient;
import chatroom.testing.GoTutorialClient.GroupMessage;
import chatroom.testing.GoTutorialClient.Notice;
import chatroom.testing.RawClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 11, the rows about a Go tutorial client on our server (3, 4, 5 and mixed rooms), played by
 * {@link GoTutorialClient}, which reads exactly as the tutorial's client does: a frame over 8 096
 * bytes kills it, and a type it does not know is dropped. "Ours" is a client that says in its
 * {@code LoginMes} what it can show ({@code "features"}, docs/protocol.md); a client that says
 * nothing is a tutorial client.
 *
 * <p>What the issue and the protocol decisions require: a tutorial client is never sent a frame
 * over 8 096 bytes nor a type other than {@code LoginResMes}, {@code RegisterResMes}, {@code
 * NotifyUserStatusMes} and {@code SmsMes}; a private message to it is kept as offline mail (202)
 * and handed over only to a client that declares {@code private} and {@code offline}; chat content
 * over the size rule gets 400 (ours) or nothing (tutorial) and is never relayed.
 *
 * <p>"Nothing arrived" is proved by markers, group messages sent after the step under test ({@link
 * #settle}): the server handles each connection's frames in order and writes each connection's
 * frames in order, so once a marker arrives, whatever the step caused has arrived before it.
 */
class TutorialClientsOnOurServerTest {
  /** What our client declares it can show. */
  static final List<String> FEATURES =
      List.of("private", "offline", "online-list", "logout", "find-user", "errors", "large-frames");

  /** The frame size a tutorial client can read. */
  static final int GO_BUFFER_BYTES = 8096;

  /** The size rule's limit for chat content, counted in encoded bytes (PLAN.md). */
  static final int CONTENT_LIMIT_BYTES = 7168;

  /** Why a test fails when a marker does not arrive. */
  private static final String MARKER_LOST =
      "issue 11: a tutorial client must stay alive and read every frame it is sent, but a marker"
          + " sent after the step under test got lost: ";

  @RegisterExtension final ChatServerFixture chat = new ChatServerFixture();

  private final List<AutoCloseable> opened = new ArrayList<>();
  private int markers;

  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
  }

  /** A tutorial client logged in as a user registered first (password "pw-" + id). */
  private GoTutorialClient tutorial(int userId, String name) throws IOException {
    chat.register(userId, "pw-" + userId, name);
    return tutorialLogin(userId);
  }

  /** A tutorial client logged in as a user registered already. */
  private GoTutorialClient tutorialLogin(int userId) throws IOException {
    GoTutorialClient client = new GoTutorialClient(chat.port());
    opened.add(client);
    GoTutorialClient.Answer answer = client.login(userId, "pw-" + userId);
    assertEquals(200, answer.code(), "the tutorial client's login: " + answer);
    return client;
  }

  /** The LoginMes of a client that declares what it can show. */
  private static String loginWithFeatures(int userId) {
    ObjectNode payload = RawClient.JSON.createObjectNode();
    payload.put("userId", userId).put("userPwd", "pw-" + userId).put("userName", "");
    FEATURES.forEach(payload.putArray("features")::add);
    return payload.toString();
  }

  /** One of ours, logged in as a user registered first. */
  private RawClient ours(int userId, String name) throws IOException {
    chat.register(userId, "pw-" + userId, name);
    return oursLogin(userId);
  }

  /** One of ours, logged in as a user registered already; its login answer is read. */
  private RawClient oursLogin(int userId) throws IOException {
    RawClient client = chat.connect();
    client.send("LoginMes", loginWithFeatures(userId));
    JsonNode answer = client.receivePayload("LoginResMes");
    assertEquals(200, answer.get("code").asInt(), "our client's login: " + answer);
    return client;
  }

  /**
   * Waits until everything {@code ours} has sent so far, and every login before, has had its
   * effect: the answers to {@code ours} are read (up to the answer to a request made now), and
   * {@code ours} sends a group message, a marker; once a tutorial client has it, it has been sent
   * everything queued for it before.
   *
   * @return the frames {@code ours} was sent meanwhile, markers left out
   */
  private List<JsonNode> settle(RawClient ours, GoTutorialClient... tutorials)
      throws IOException, InterruptedException {
    List<JsonNode> frames = framesSoFar(ours);
    String text = "marker " + ++markers;
    ours.send("SmsMes", ChatWire.group(text));
    for (GoTutorialClient client : tutorials) {
      try {
        client.awaitGroupMessage(text);
      } catch (AssertionError e) {
        requireAlive(client);
        throw new AssertionError(MARKER_LOST + e.getMessage(), e);
      }
    }
    return frames;
  }

  /**
   * {@link #settle}, after what {@code sender} has sent so far has been handled too: it sends a
   * marker, which {@code ours} reads, and the server handles one connection's frames in order.
   *
   * @return the frames {@code ours} was sent meanwhile, markers left out
   */
  private List<JsonNode> settleAfter(
      GoTutorialClient sender, RawClient ours, GoTutorialClient... tutorials)
      throws IOException, InterruptedException {
    String text = "marker " + ++markers;
    try {
      sender.sendGroup(text);
    } catch (IOException e) {
      requireAlive(sender); // a dead client's connection is closed: say why it died
      throw e;
    }
    List<JsonNode> frames = new ArrayList<>(framesUntilMarker(ours, text));
    frames.addAll(settle(ours, tutorials));
    return frames;
  }

  /**
   * The frames {@code client} has been sent so far, up to an answer to a request made now: a
   * request is answered after everything before it.
   */
  private static List<JsonNode> framesSoFar(RawClient client) throws IOException {
    client.send("OnlineUsersMes", "{}");
    List<JsonNode> frames = new ArrayList<>();
    for (JsonNode frame = client.receive();
        !frame.get("type").asText().equals("OnlineUsersResMes");
        frame = client.receive()) {
      frames.add(frame);
    }
    return frames;
  }

  /** The frames {@code client} reads before the group message {@code marker}. */
  private static List<JsonNode> framesUntilMarker(RawClient client, String marker)
      throws IOException {
    List<JsonNode> frames = new ArrayList<>();
    while (true) {
      JsonNode frame = client.receive();
      if (frame.get("type").asText().equals("SmsMes")) {
        String content = payload(frame).get("content").asText();
        if (content.equals(marker)) {
          return frames;
        }
        if (content.startsWith("marker ")) {
          continue;
        }
      }
      frames.add(frame);
    }
  }

  private static JsonNode payload(JsonNode envelope) throws IOException {
    return RawClient.JSON.readTree(envelope.get("data").asText());
  }

  /** The code of a {@code PrivateSmsMes} sent now, from its {@code SmsResMes}. */
  private static int sendPrivate(RawClient from, int to, String content) throws IOException {
    from.send("PrivateSmsMes", ChatWire.direct(to, content));
    return from.receivePayload("SmsResMes").get("code").asInt();
  }

  /** The texts of kept mail handed over at a login of ours, and nothing but kept mail. */
  private List<String> mailAtLoginOfOurs(int userId) throws IOException {
    RawClient client = oursLogin(userId);
    List<String> texts = new ArrayList<>();
    for (JsonNode frame : framesSoFar(client)) {
      if (frame.get("type").asText().equals("PrivateSmsMes")) {
        JsonNode message = payload(frame);
        assertTrue(message.get("offline").asBoolean(), "handed over as offline mail: " + message);
        texts.add(message.get("content").asText());
      }
    }
    client.close();
    return texts;
  }

  private long mailWaitingFor(int userId) {
    return chat.redis().llen(OfflineMessageDao.key(userId));
  }

  /** Fails the test if {@code client} died, with what issue 11 requires. */
  private static void requireAlive(GoTutorialClient client) {
    client
        .crashed()
        .ifPresent(
            crash -> {
              throw new AssertionError(
                  "issue 11 row 5: no frame over 8 096 bytes may reach a tutorial client, but one"
                      + " killed it: "
                      + crash);
            });
  }

  /** Each frame as its type, and its code if it has one: "ErrorResMes 400". */
  private static List<String> described(List<JsonNode> frames) throws IOException {
    List<String> described = new ArrayList<>();
    for (JsonNode frame : frames) {
      JsonNode code = payload(frame).get("code");
      described.add(frame.get("type").asText() + (code == null ? "" : " " + code.asInt()));
    }
    return described;
  }

  @Nested
  class Row3PrivateMessageToATutorialClient {
    @Test
    void isKeptAsOfflineMailAndTheSenderIsTold202() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      RawClient tom = ours(100, "tom");

      int code = sendPrivate(tom, 200, "psst");
      settle(tom, jerry);

      assertAll(
          () ->
              assertEquals(
                  202,
                  code,
                  "issue 11 row 3: a private message to a user whose client cannot show it is kept"
                      + " as offline mail and the sender told 202, not 200 \"delivered\""),
          () -> assertEquals(1, mailWaitingFor(200), "kept in 200's mailbox until a capable login"),
          () ->
              assertEquals(
                  List.of(),
                  jerry.ignoredTypes(),
                  "issue 11 row 3: the tutorial client must not be sent a PrivateSmsMes, which it"
                      + " drops as an unknown type"));
    }

    @Test
    void isHandedOverWhenTheUserLogsInWithAClientThatCanShowIt() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      RawClient tom = ours(100, "tom");
      sendPrivate(tom, 200, "psst");
      settle(tom, jerry);
      jerry.close();

      assertEquals(
          List.of("psst"),
          mailAtLoginOfOurs(200),
          "issue 11 row 3: the message kept while 200 used a tutorial client reaches 200's next"
              + " login with a client that declares private and offline");
      assertEquals(0, mailWaitingFor(200), "removed once handed to a client that can show it");
    }
  }

  @Nested
  class Row4OfflineMailWaitingForATutorialClient {
    @Test
    void isNotPushedToTheTutorialClientAtLogin() throws Exception {
      chat.register(200, "pw-200", "jerry");
      RawClient tom = ours(100, "tom");
      assertEquals(202, sendPrivate(tom, 200, "while you were out 1"));
      assertEquals(202, sendPrivate(tom, 200, "while you were out 2"));

      GoTutorialClient jerry = tutorialLogin(200);
      settle(tom, jerry);

      assertEquals(
          List.of(),
          jerry.ignoredTypes(),
          "issue 11 row 4: kept private messages must not be pushed to a tutorial client, which"
              + " drops them as an unknown type");
    }

    @Test
    void isNotDeletedWhenTheTutorialClientLogsIn() throws Exception {
      chat.register(200, "pw-200", "jerry");
      RawClient tom = ours(100, "tom");
      sendPrivate(tom, 200, "while you were out 1");
      sendPrivate(tom, 200, "while you were out 2");

      GoTutorialClient jerry = tutorialLogin(200);
      settle(tom, jerry);

      assertEquals(
          2,
          mailWaitingFor(200),
          "issue 11 row 4: messages acknowledged with 202 are never deleted unless handed to a"
              + " client that can show them");
    }

    @Test
    void reachesTheUserAtTheirNextLoginWithAClientThatCanShowIt() throws Exception {
      chat.register(200, "pw-200", "jerry");
      RawClient tom = ours(100, "tom");
      sendPrivate(tom, 200, "while you were out 1");
      sendPrivate(tom, 200, "while you were out 2");
      GoTutorialClient jerry = tutorialLogin(200);
      settle(tom, jerry);
      jerry.close();

      assertEquals(
          List.of("while you were out 1", "while you were out 2"),
          mailAtLoginOfOurs(200),
          "issue 11 row 4: the kept messages survive the tutorial client's login and arrive,"
              + " oldest first, at the next login with a client that can show them");
    }
  }

  @Nested
  class Row5ContentOverTheSizeRule {
    /** 3000 x "你": 9 000 bytes of UTF-8, 3 000 characters, within the old 4096-character rule. */
    final String threeThousandNi = "你".repeat(3000);

    @Test
    void ourOverLongGroupMessageGets400AndReachesNoTutorialClient() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      GoTutorialClient spike = tutorial(300, "spike");
      RawClient tom = ours(100, "tom");

      tom.send("SmsMes", ChatWire.group(threeThousandNi));
      List<JsonNode> toTom = settle(tom, jerry, spike);

      assertAll(
          () ->
              assertEquals(
                  List.of("ErrorResMes 400"),
                  described(toTom),
                  "issue 11 row 5: content over the size rule gets ErrorResMes 400 for our client"),
          () ->
              assertEquals(
                  List.of(), contents(spike), "issue 11 row 5: over-long content is not relayed"));
    }

    @Test
    void aTutorialClientsOverLongGroupMessageIsNotRelayedAndKillsNobody() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      GoTutorialClient spike = tutorial(300, "spike");
      RawClient tom = ours(100, "tom");

      jerry.sendGroup(threeThousandNi);
      List<JsonNode> toTom = settleAfter(jerry, tom, jerry, spike);

      assertAll(
          () ->
              assertEquals(
                  List.of(), contents(spike), "issue 11 row 5: over-long content is not relayed"),
          () ->
              assertEquals(
                  List.of(),
                  described(toTom),
                  "issue 11 row 5: over-long content is not relayed to ours either"),
          () ->
              assertEquals(
                  List.of(),
                  jerry.ignoredTypes(),
                  "PLAN: a tutorial client is told nothing it cannot read, not even a 400"));
    }

    @Test
    void contentWhoseEscapesPassTheByteLimitIsRefused() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      RawClient tom = ours(100, "tom");
      String quotes = "\"".repeat(2000); // 2 000 characters; 8 000 bytes once escaped twice

      tom.send("SmsMes", ChatWire.group(quotes));
      List<JsonNode> toTom = settle(tom, jerry);

      assertAll(
          () ->
              assertEquals(
                  List.of("ErrorResMes 400"),
                  described(toTom),
                  "the size rule counts bytes as the content travels, JSON escapes of both levels"
                      + " included"),
          () -> assertEquals(List.of(), contents(jerry), "and such content is not relayed"));
    }

    @Test
    void contentAtTheByteLimitReachesTutorialClientsWithinTheirBuffer() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      // The longest name once escaped (32 characters, each a quote) and the longest id.
      RawClient longest = ours(Integer.MAX_VALUE, "\"".repeat(32));
      String content = "你".repeat(2389) + "a";
      assertEquals(CONTENT_LIMIT_BYTES, content.getBytes(StandardCharsets.UTF_8).length);

      longest.send("SmsMes", ChatWire.group(content));
      GroupMessage got = jerry.awaitGroupMessage(content);

      assertEquals(Integer.MAX_VALUE, got.userId());
      int longestFrame = jerry.received().stream().mapToInt(body -> body.length).max().orElse(0);
      assertTrue(longestFrame <= GO_BUFFER_BYTES, "a frame of " + longestFrame + " bytes");
      requireAlive(jerry);
    }

    @Test
    void contentOneByteOverTheLimitIsRefused() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      RawClient tom = ours(100, "tom");
      String content = "你".repeat(2389) + "ab";

      tom.send("SmsMes", ChatWire.group(content));
      List<JsonNode> toTom = settle(tom, jerry);

      assertAll(
          () ->
              assertEquals(
                  List.of("ErrorResMes 400"),
                  described(toTom),
                  "the size rule: at most " + CONTENT_LIMIT_BYTES + " encoded bytes, 400 beyond"),
          () -> assertEquals(List.of(), contents(jerry), "and such content is not relayed"));
    }
  }

  @Nested
  class MixedRoom {
    /** Hears the group messages a session of our client is pushed. */
    final BlockingQueue<SmsMes> heard = new LinkedBlockingQueue<>();

    final ChatSession.Listener listener =
        new ChatSession.Listener() {
          @Override
          public void onPush(MessageType type, Object payload) {
            if (payload instanceof SmsMes message) {
              heard.add(message);
            }
          }

          @Override
          public void onClosed(String reason) {}
        };

    /** A session of our real client, logged in as a user it registers. */
    ChatSession session(int userId, String name) throws IOException {
      ChatSession session = ChatSession.connect("localhost", chat.port(), listener);
      opened.add(session);
      assertEquals(200, session.register(userId, "pw-" + userId, name).code());
      assertEquals(200, session.login(userId, "pw-" + userId).code());
      return session;
    }

    SmsMes nextHeard() throws InterruptedException {
      SmsMes message = heard.poll(ChatServerFixture.WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertNotNull(message, "our client heard no group message");
      return message;
    }

    @Test
    void tutorialClientsSeeOurGroupMessagesWithTheSendersIdAndName() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      GoTutorialClient spike = tutorial(300, "spike");
      ChatSession tom = session(100, "tom");

      tom.sendToAll("hello from java");

      assertEquals(
          new GroupMessage(100, "tom", "hello from java"),
          jerry.awaitGroupMessage("hello from java"));
      assertEquals(
          new GroupMessage(100, "tom", "hello from java"),
          spike.awaitGroupMessage("hello from java"));
    }

    @Test
    void ourClientSeesTutorialGroupMessagesWithTheSendersRegisteredName() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      GoTutorialClient spike = tutorial(300, "spike");
      session(100, "tom");

      jerry.sendGroup("hi-from-go");

      assertEquals(new SmsMes("hi-from-go", 200, "", "jerry"), nextHeard());
      assertEquals(
          new GroupMessage(200, "jerry", "hi-from-go"), spike.awaitGroupMessage("hi-from-go"));
      spike.sendGroup("and from spike");
      assertEquals(new SmsMes("and from spike", 300, "", "spike"), nextHeard());
      jerry.awaitGroupMessage("and from spike");
      assertEquals(
          List.of("and from spike"), contents(jerry), "no tutorial client gets its own back");
    }

    @Test
    void tutorialClientsHearOfOurClientsComingAndGoing() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      ChatSession tom = session(100, "tom");
      jerry.awaitNotice(notice -> notice.userId() == 100);
      GoTutorialClient spike = tutorial(300, "spike");
      assertEquals(
          List.of(100, 200),
          List.copyOf(new TreeSet<>(spike.onlineUsers().keySet())),
          "the tutorial's login answer lists ours too");

      tom.close();

      assertEquals(
          new Notice(100, 1),
          jerry.awaitNotice(notice -> notice.userId() == 100 && notice.status() == 1));
      assertEquals(List.of(), jerry.ignoredTypes());
    }

    @Test
    void everyoneChatsInOneRoomAndNoTutorialClientMissesAnythingItCanRead() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      ChatSession tom = session(100, "tom");
      GoTutorialClient spike = tutorial(300, "spike");
      RawClient butch = ours(400, "butch");

      tom.sendToAll("tom here");
      jerry.sendGroup("jerry here");
      spike.sendGroup("spike here");
      butch.send("SmsMes", ChatWire.group("butch here"));

      for (String text : List.of("tom here", "spike here", "butch here")) {
        assertTrue(jerry.awaitGroupMessage(text).userId() > 0, text);
      }
      for (String text : List.of("tom here", "jerry here", "butch here")) {
        assertTrue(spike.awaitGroupMessage(text).userId() > 0, text);
      }
      List<String> tomHeard = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        tomHeard.add(nextHeard().content());
      }
      assertEquals(
          List.of("butch here", "jerry here", "spike here"), tomHeard.stream().sorted().toList());
      requireAlive(jerry);
      requireAlive(spike);
      assertEquals(List.of(), jerry.ignoredTypes());
      assertEquals(List.of(), spike.ignoredTypes());
    }
  }

  @Nested
  class NothingATutorialClientCannotRead {
    @Test
    void aTutorialClientsBlankGroupMessageGetsNoAnswerItCannotRead() throws Exception {
      GoTutorialClient jerry = tutorial(200, "jerry");
      RawClient tom = ours(100, "tom");

      jerry.sendGroup(""); // what the tutorial's menu sends when Enter is pressed on an empty line
      settleAfter(jerry, tom, jerry);

      assertEquals(
          List.of(),
          jerry.ignoredTypes(),
          "PLAN: invalid content gets nothing for a tutorial client, which cannot read an"
              + " ErrorResMes");
    }

    @Test
    void aTutorialClientReplacedByANewerLoginIsClosedWithoutAMessageItCannotRead()
        throws Exception {
      GoTutorialClient first = tutorial(200, "jerry");

      tutorialLogin(200);
      first.awaitDisconnected();

      assertEquals(
          List.of(),
          first.ignoredTypes(),
          "PLAN: a tutorial client is never sent a type it does not know, such as the"
              + " ErrorResMes 409 of a replaced session");
    }
  }

  /** The group messages {@code client} got, markers left out, long ones shortened. */
  private static List<String> contents(GoTutorialClient client) {
    return client.groupMessages().stream()
        .map(GroupMessage::content)
        .filter(content -> !content.startsWith("marker "))
        .map(TutorialClientsOnOurServerTest::shortened)
        .toList();
  }

  private static String shortened(String content) {
    int bytes = content.getBytes(StandardCharsets.UTF_8).length;
    return content.length() <= 40 ? content : content.substring(0, 8) + "... (" + bytes + " bytes)";
  }
}
