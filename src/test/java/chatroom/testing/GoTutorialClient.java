package chatroom.testing;

import chatroom.testing.GoTutorialJson.Envelope;
import chatroom.testing.GoTutorialJson.GoJsonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A test double of the Go tutorial's chat client that puts the same bytes on the wire and reads
 * them the same way, faults included (see {@code go-tutorial-frames.md} of the shared notes).
 *
 * <ul>
 *   <li>Frames are built as Go's {@code encoding/json} builds them for the tutorial's structs
 *       ({@link GoTutorialJson}) and written with two writes each ({@link GoTutorialTransfer}).
 *   <li>Each frame is read with one read for the header and one for the body into an 8 096-byte
 *       buffer. A longer frame kills the program: {@link #crashed()} then says so, the connection
 *       is closed and nothing more is read. A short read is an error that ends the reading too.
 *   <li>It knows four types: {@code LoginResMes} and {@code RegisterResMes} as answers, {@code
 *       NotifyUserStatusMes} and {@code SmsMes} on its background reader (the tutorial's {@code
 *       serverProcessMes} goroutine). Anything else that reader gets, it logs and ignores: {@link
 *       #ignoredTypes()}.
 * </ul>
 *
 * <p>As in the tutorial, {@link #register} dials a connection of its own and hangs up after the
 * answer (the tutorial's program then exits; run a new double to log in), and {@link #login} dials
 * the connection the session then lives on. Its {@code SmsMes} carries the user's id and nothing
 * else of the user: {@code userPwd} and {@code userName} stay empty.
 */
public final class GoTutorialClient implements AutoCloseable {
  /** What an answer to a request decoded to; {@code usersId} is null when the server sent none. */
  public record Answer(String type, int code, String error, List<Integer> usersId) {}

  /** A group message as the tutorial's client decodes it (it shows only the id and the text). */
  public record GroupMessage(int userId, String userName, String content) {}

  /** A status notice: 0 online, 1 offline, 2 busy. */
  public record Notice(int userId, int status) {}

  private final int port;
  private final Duration wait;
  private final Object lock = new Object(); // guards what the reader records, and wakes waiters
  private final List<byte[]> received = new ArrayList<>();
  private final List<GroupMessage> groupMessages = new ArrayList<>();
  private final List<Notice> notices = new ArrayList<>();
  private final List<String> ignoredTypes = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private final Map<Integer, Integer> onlineUsers = new LinkedHashMap<>();
  private String crash;
  private boolean readerEnded;
  private Socket socket;
  private GoTutorialTransfer transfer;
  private int userId;

  /** A client of the server on loopback port {@code port}; waits are bounded by the fixture's. */
  public GoTutorialClient(int port) {
    this(port, ChatServerFixture.WAIT);
  }

  /**
   * A client of the server on loopback port {@code port}, giving up any wait after {@code wait}.
   */
  public GoTutorialClient(int port, Duration wait) {
    this.port = port;
    this.wait = wait;
  }

  private Socket dial() throws IOException {
    Socket dialled = new Socket(InetAddress.getLoopbackAddress(), port);
    dialled.setTcpNoDelay(true); // each of the two writes of a frame leaves on its own
    dialled.setSoTimeout((int) wait.toMillis()); // Go would wait for ever; a test must not
    return dialled;
  }

  /** Registers a user over a connection of its own, as the tutorial's register menu does. */
  public Answer register(int userId, String userPwd, String userName) throws IOException {
    try (Socket conn = dial()) {
      GoTutorialTransfer tf = new GoTutorialTransfer(conn);
      String payload = GoTutorialJson.registerMes(userId, userPwd, userName, 0, "");
      tf.write(GoTutorialJson.utf8(GoTutorialJson.envelope("RegisterMes", payload)));
      return readAnswer(tf, conn);
    }
  }

  /**
   * Logs in over a new connection. On code 200 the double remembers the other users listed, as the
   * tutorial does, and starts its background reader; on any other code it hangs up.
   *
   * @throws IOException also when the answer kills the client (see {@link #crashed()})
   */
  public Answer login(int userId, String userPwd) throws IOException {
    synchronized (lock) {
      if (socket != null) {
        throw new IllegalStateException("already logged in: the tutorial never returns to login");
      }
    }
    Socket conn = dial();
    GoTutorialTransfer tf = new GoTutorialTransfer(conn);
    Answer answer;
    try {
      String payload = GoTutorialJson.loginMes(userId, userPwd, "");
      tf.write(GoTutorialJson.utf8(GoTutorialJson.envelope("LoginMes", payload)));
      answer = readAnswer(tf, conn);
    } catch (IOException | RuntimeException e) {
      conn.close();
      throw e;
    }
    if (answer.code() != 200) {
      conn.close();
      return answer;
    }
    conn.setSoTimeout(0); // the reader waits as long as the session lasts, as Go's does
    synchronized (lock) {
      this.userId = userId;
      this.socket = conn;
      this.transfer = tf;
      if (answer.usersId() != null) {
        for (int id : answer.usersId()) {
          if (id != userId) {
            onlineUsers.put(id, 0);
          }
        }
      }
    }
    Thread reader = new Thread(this::serverProcessMes, "go-tutorial-client-" + userId);
    reader.setDaemon(true);
    reader.start();
    return answer;
  }

  /**
   * Reads the one answer to a request. The tutorial decodes it as the answer it expects whatever
   * its type says; the type is returned so that tests can tell.
   */
  private Answer readAnswer(GoTutorialTransfer tf, Socket conn) throws IOException {
    byte[] body;
    try {
      body = tf.read();
    } catch (GoTutorialTransfer.Panic panic) {
      die(panic, conn);
      throw new IOException("the tutorial client died: " + panic.getMessage());
    }
    if (body == null) {
      throw new IOException("the server closed the connection before answering");
    }
    record(body);
    try {
      Envelope envelope = GoTutorialJson.decodeEnvelope(body);
      JsonNode data = GoTutorialJson.object(GoTutorialJson.parse(envelope.data()), "answer");
      return new Answer(
          envelope.type(),
          GoTutorialJson.intField(data, "code"),
          GoTutorialJson.stringField(data, "error"),
          GoTutorialJson.intsField(data, "UsersId"));
    } catch (GoJsonException e) {
      throw new IOException("the tutorial could not decode the answer: " + e.getMessage(), e);
    }
  }

  /** Sends a group message, as menu 2 of the tutorial does. There is no answer. */
  public void sendGroup(String content) throws IOException {
    GoTutorialTransfer tf;
    int from;
    synchronized (lock) {
      if (transfer == null) {
        throw new IllegalStateException("log in first: the tutorial offers chat only then");
      }
      tf = transfer;
      from = userId;
    }
    // CurUser in the tutorial holds only the id and status 0: no password, no name.
    String payload = GoTutorialJson.smsMes(content, from, "", "", 0, "");
    tf.write(GoTutorialJson.utf8(GoTutorialJson.envelope("SmsMes", payload)));
  }

  /** The background reader, the tutorial's {@code serverProcessMes} goroutine. */
  private void serverProcessMes() {
    try {
      while (true) {
        byte[] body = transfer.read();
        if (body == null) {
          fault("the server closed the connection");
          return;
        }
        record(body);
        Envelope envelope;
        try {
          envelope = GoTutorialJson.decodeEnvelope(body);
        } catch (GoJsonException e) {
          fault("ReadPkg: " + e.getMessage()); // the goroutine returns on any ReadPkg error
          return;
        }
        dispatch(envelope);
      }
    } catch (GoTutorialTransfer.Panic panic) {
      die(panic, socket);
    } catch (IOException e) {
      fault("ReadPkg: " + e.getMessage());
    } finally {
      synchronized (lock) {
        readerEnded = true;
        lock.notifyAll();
      }
    }
  }

  private void dispatch(Envelope envelope) {
    try {
      switch (envelope.type()) {
        case "NotifyUserStatusMes" -> {
          JsonNode data = GoTutorialJson.object(GoTutorialJson.parse(envelope.data()), "notice");
          Notice notice =
              new Notice(
                  GoTutorialJson.intField(data, "userId"), GoTutorialJson.intField(data, "status"));
          synchronized (lock) {
            notices.add(notice);
            onlineUsers.put(notice.userId(), notice.status());
            lock.notifyAll();
          }
        }
        case "SmsMes" -> {
          JsonNode data = GoTutorialJson.object(GoTutorialJson.parse(envelope.data()), "SmsMes");
          GroupMessage message =
              new GroupMessage(
                  GoTutorialJson.intField(data, "userId"),
                  GoTutorialJson.stringField(data, "userName"),
                  GoTutorialJson.stringField(data, "content"));
          synchronized (lock) {
            groupMessages.add(message);
            lock.notifyAll();
          }
        }
        default -> {
          synchronized (lock) {
            ignoredTypes.add(envelope.type()); // "unknown message type", and on it reads
            lock.notifyAll();
          }
        }
      }
    } catch (GoJsonException e) {
      fault("json.Unmarshal of " + envelope.type() + ": " + e.getMessage()); // shown, not fatal
    }
  }

  private void record(byte[] body) {
    synchronized (lock) {
      received.add(body);
      lock.notifyAll();
    }
  }

  private void fault(String error) {
    synchronized (lock) {
      errors.add(error);
      lock.notifyAll();
    }
  }

  private void die(GoTutorialTransfer.Panic panic, Socket conn) {
    synchronized (lock) {
      crash = panic.getMessage();
      lock.notifyAll();
    }
    try {
      conn.close(); // the process is gone: so is every connection it had
    } catch (IOException alreadyGone) {
      // nothing left to close
    }
  }

  /** Why the double died (a frame over its buffer), or empty while it lives. */
  public Optional<String> crashed() {
    synchronized (lock) {
      return Optional.ofNullable(crash);
    }
  }

  /** Waits (bounded) for the double to die, and says why; fails the test if it does not. */
  public String awaitCrash() throws InterruptedException {
    return await(() -> Optional.ofNullable(crash), "a crash");
  }

  /** The types of messages its reader logged as unknown and dropped, in order. */
  public List<String> ignoredTypes() {
    synchronized (lock) {
      return List.copyOf(ignoredTypes);
    }
  }

  /** What the tutorial would print as errors: short reads, undecodable frames, the end of input. */
  public List<String> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  /** Every frame body read, answers included, in order, exactly as it arrived. */
  public List<byte[]> received() {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  /** The group messages shown so far. */
  public List<GroupMessage> groupMessages() {
    synchronized (lock) {
      return List.copyOf(groupMessages);
    }
  }

  /** The status notices received so far. */
  public List<Notice> notices() {
    synchronized (lock) {
      return List.copyOf(notices);
    }
  }

  /** The tutorial's {@code onlineUsers} map: other user ids and their last known status. */
  public Map<Integer, Integer> onlineUsers() {
    synchronized (lock) {
      return Map.copyOf(onlineUsers);
    }
  }

  /**
   * Waits (bounded) for the first group message that matches, however long ago it came; fails the
   * test when none comes or the double stops reading first.
   */
  public GroupMessage awaitGroupMessage(Predicate<GroupMessage> matching)
      throws InterruptedException {
    return await(
        () -> groupMessages.stream().filter(matching).findFirst(), "a matching group message");
  }

  /** Waits (bounded) for a group message with exactly this text. */
  public GroupMessage awaitGroupMessage(String content) throws InterruptedException {
    return awaitGroupMessage(message -> message.content().equals(content));
  }

  /** Waits (bounded) for the first notice that matches. */
  public Notice awaitNotice(Predicate<Notice> matching) throws InterruptedException {
    return await(() -> notices.stream().filter(matching).findFirst(), "a matching notice");
  }

  /**
   * Waits (bounded) until the background reader has stopped: the server hung up, a read failed or
   * the double died. Every frame sent before that has been read by then.
   */
  public void awaitDisconnected() throws InterruptedException {
    await(() -> readerEnded ? Optional.of(true) : Optional.empty(), "the end of the connection");
  }

  /** Called with the lock held; the reader notifies on every change. */
  private interface Lookup<T> {
    Optional<T> find();
  }

  private <T> T await(Lookup<T> lookup, String what) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      while (true) {
        Optional<T> found = lookup.find();
        if (found.isPresent()) {
          return found.get();
        }
        long left = deadline - System.nanoTime();
        if (readerEnded || socket == null || left <= 0) {
          throw new AssertionError(
              "the tutorial client "
                  + (readerEnded
                      ? "stopped reading"
                      : socket == null ? "is not logged in" : "waited")
                  + " without receiving "
                  + what
                  + state());
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** What the double has seen, for failure messages. */
  private String state() {
    return "; crashed: "
        + crash
        + "; errors: "
        + errors
        + "; ignored types: "
        + ignoredTypes
        + "; group messages: "
        + groupMessages
        + "; notices: "
        + notices;
  }

  /** Hangs up, as quitting the tutorial's program does. */
  @Override
  public void close() throws IOException {
    Socket conn;
    synchronized (lock) {
      conn = socket;
    }
    if (conn != null) {
      conn.close();
    }
  }
}
