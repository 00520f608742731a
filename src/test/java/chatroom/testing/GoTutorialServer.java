package chatroom.testing;

import chatroom.testing.GoTutorialJson.Envelope;
import chatroom.testing.GoTutorialJson.GoJsonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A test double of the Go tutorial's chat server that answers with the same bytes and reads the
 * same way, faults included (see {@code go-tutorial-frames.md} of the shared notes), on a free
 * loopback port.
 *
 * <ul>
 *   <li>A thread per connection (the tutorial's goroutine) reads each frame with one read for the
 *       header and one for the body into an 8 096-byte buffer. A header announcing more kills the
 *       whole server, as a panic in any goroutine kills a Go program: it stops listening and every
 *       connection is closed ({@link #died()}). A short read, an undecodable frame or payload ends
 *       that one connection, as an error from the tutorial's {@code ReadPkg} or processors does.
 *   <li>{@code RegisterMes}: 200, or 505 "User exit..." for a taken id, or 506 when the store
 *       fails. {@code LoginMes}: 200 with {@code UsersId}, or 500 "User does not exist..", 403
 *       "Wrong password", 505 when the store fails; a failed login's {@code UsersId} is {@code
 *       null}.
 *   <li>After a login, every <em>other</em> online user is sent {@code NotifyUserStatusMes} status
 *       0, before the answer, as in the tutorial. Nobody is ever told that a user went offline, and
 *       no user ever leaves the online map: messages to a user whose connection has ended are
 *       simply lost.
 *   <li>{@code SmsMes} goes to every online user whose id differs from the {@code userId} inside
 *       the message (the sender is not known from the connection): the tutorial decodes the
 *       envelope and encodes it again unchanged, so what a Go client sent is relayed byte for byte,
 *       and anything else as Go writes it ({@code {"type":..,"data":..}}, Go's escapes, other keys
 *       gone).
 *   <li>Any other type is logged and ignored: no answer ({@link #ignoredTypes()}).
 * </ul>
 *
 * <p>The real server keeps users in Redis; this one keeps them in a map, which changes nothing on
 * the wire. Go iterates a map in random order; the {@code UsersId} of a login answer here lists the
 * most recent login first, which is the order captured ({@code [200,100]}) and never sorted.
 */
public final class GoTutorialServer implements AutoCloseable {
  /** A frame as the server read it, from connection number {@code connection} (1, 2, ...). */
  public record Frame(int connection, String type, byte[] body) {
    /** The body as text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** The envelope's payload, parsed (as JSON, not as Go would decode it). */
    public JsonNode payload() {
      try {
        return GoTutorialJson.parse(GoTutorialJson.decodeEnvelope(body).data());
      } catch (GoJsonException e) {
        throw new AssertionError("not a frame with a JSON payload: " + text(), e);
      }
    }
  }

  /** A registered user, as the tutorial stores it. */
  public record User(int userId, String userPwd, String userName) {}

  private final ServerSocket listener;
  private final Duration wait;
  private final Object lock = new Object(); // guards everything below; waits are on it
  private final Map<Integer, User> users = new HashMap<>();
  private final LinkedHashMap<Integer, Connection> online = new LinkedHashMap<>();
  private final List<Connection> connections = new ArrayList<>();
  private final List<Frame> received = new ArrayList<>();
  private final List<String> ignoredTypes = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private boolean storeDown;
  private String death;
  private boolean closed;

  /** One accepted connection and the way frames are written to it. */
  private record Connection(int number, Socket socket, GoTutorialTransfer transfer) {}

  private GoTutorialServer(ServerSocket listener, Duration wait) {
    this.listener = listener;
    this.wait = wait;
  }

  /** Starts a server on a free loopback port; waits of its API are bounded by the fixture's. */
  public static GoTutorialServer start() throws IOException {
    ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    GoTutorialServer server = new GoTutorialServer(listener, ChatServerFixture.WAIT);
    Thread acceptor = new Thread(server::acceptLoop, "go-tutorial-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
    return server;
  }

  /** The port it listens on, on the loopback address. */
  public int port() {
    return listener.getLocalPort();
  }

  /**
   * Makes the store fail, as an unreachable Redis would: registrations get 506, logins 505, until
   * called again with false.
   */
  public void storeDown(boolean down) {
    synchronized (lock) {
      storeDown = down;
    }
  }

  /** Registers a user directly, as if an earlier run had put it in Redis. */
  public void addUser(int userId, String userPwd, String userName) {
    synchronized (lock) {
      users.put(userId, new User(userId, userPwd, userName));
    }
  }

  /** The user stored under {@code userId}, as the register request gave it. */
  public Optional<User> user(int userId) {
    synchronized (lock) {
      return Optional.ofNullable(users.get(userId));
    }
  }

  private void acceptLoop() {
    int number = 0;
    while (true) {
      Socket socket;
      try {
        socket = listener.accept();
        socket.setTcpNoDelay(true); // each of the two writes of a frame leaves on its own
      } catch (IOException stopped) {
        return; // closed, or dead
      }
      Connection conn;
      try {
        conn = new Connection(++number, socket, new GoTutorialTransfer(socket));
      } catch (IOException e) {
        closeQuietly(socket);
        continue;
      }
      synchronized (lock) {
        if (death != null || closed) {
          closeQuietly(socket);
          return;
        }
        connections.add(conn);
      }
      Thread thread = new Thread(() -> process(conn), "go-tutorial-server-conn-" + number);
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The goroutine of one connection: read, dispatch, until an error ends it. */
  private void process(Connection conn) {
    try {
      while (true) {
        byte[] body = conn.transfer().read();
        if (body == null) {
          return; // "the client exited": the tutorial ends the connection, and nothing else
        }
        Envelope envelope;
        try {
          envelope = GoTutorialJson.decodeEnvelope(body);
        } catch (GoJsonException e) {
          error(conn, "ReadPkg: " + e.getMessage());
          return;
        }
        synchronized (lock) {
          received.add(new Frame(conn.number(), envelope.type(), body));
          lock.notifyAll();
        }
        if (!dispatch(conn, envelope)) {
          return;
        }
      }
    } catch (GoTutorialTransfer.Panic panic) {
      die(panic.getMessage() + " (a frame of " + panic.length() + " bytes)");
    } catch (IOException e) {
      error(conn, "ReadPkg: " + e.getMessage());
    } finally {
      closeQuietly(conn.socket());
    }
  }

  /** Handles one message; false when its processor failed, which ends the connection. */
  private boolean dispatch(Connection conn, Envelope envelope) throws IOException {
    try {
      switch (envelope.type()) {
        case "LoginMes" -> login(conn, GoTutorialJson.parse(envelope.data()));
        case "RegisterMes" -> register(conn, GoTutorialJson.parse(envelope.data()));
        case "SmsMes" -> relay(conn, envelope);
        default -> {
          synchronized (lock) {
            ignoredTypes.add(envelope.type()); // "message type does not exist", and on it reads
            lock.notifyAll();
          }
        }
      }
      return true;
    } catch (GoJsonException e) {
      error(conn, "json.Unmarshal of " + envelope.type() + ": " + e.getMessage());
      return false;
    }
  }

  private void register(Connection conn, JsonNode data) throws GoJsonException, IOException {
    JsonNode user = GoTutorialJson.object(GoTutorialJson.field(object(data), "user"), "User");
    int userId = GoTutorialJson.intField(user, "userId");
    String userPwd = GoTutorialJson.stringField(user, "userPwd");
    String userName = GoTutorialJson.stringField(user, "userName");
    GoTutorialJson.intField(user, "userStatus"); // decoded, so a wrong kind fails as in Go
    GoTutorialJson.stringField(user, "sex");
    String answer;
    synchronized (lock) {
      if (storeDown) {
        answer = GoTutorialJson.registerResMes(506, "Unknown error occurred in registration...");
      } else if (users.containsKey(userId)) {
        answer = GoTutorialJson.registerResMes(505, "User exit...");
      } else {
        users.put(userId, new User(userId, userPwd, userName));
        answer = GoTutorialJson.registerResMes(200, "");
      }
    }
    send(conn, "RegisterResMes", answer);
  }

  private void login(Connection conn, JsonNode data) throws GoJsonException, IOException {
    JsonNode request = object(data);
    int userId = GoTutorialJson.intField(request, "userId");
    String userPwd = GoTutorialJson.stringField(request, "userPwd");
    GoTutorialJson.stringField(request, "userName");
    String answer;
    List<Connection> others = new ArrayList<>();
    synchronized (lock) {
      User user = users.get(userId);
      if (storeDown) {
        answer = GoTutorialJson.loginResMes(505, null, "Server internal error...");
      } else if (user == null) {
        answer = GoTutorialJson.loginResMes(500, null, "User does not exist..");
      } else if (!user.userPwd().equals(userPwd)) {
        answer = GoTutorialJson.loginResMes(403, null, "Wrong password");
      } else {
        online.remove(userId); // a login again replaces the entry: the newest comes first
        online.put(userId, conn);
        for (Map.Entry<Integer, Connection> entry : online.entrySet()) {
          if (entry.getKey() != userId) {
            others.add(entry.getValue());
          }
        }
        List<Integer> ids = new ArrayList<>(online.keySet());
        Collections.reverse(ids);
        answer = GoTutorialJson.loginResMes(200, ids, "");
      }
    }
    // The tutorial tells the others first, from this goroutine, and answers afterwards.
    String notice = GoTutorialJson.notifyUserStatusMes(userId, 0);
    for (Connection other : others) {
      send(other, "NotifyUserStatusMes", notice);
    }
    send(conn, "LoginResMes", answer);
  }

  private void relay(Connection from, Envelope envelope) {
    int sender;
    try {
      JsonNode sms = object(GoTutorialJson.parse(envelope.data()));
      GoTutorialJson.stringField(sms, "content");
      sender = GoTutorialJson.intField(sms, "userId");
    } catch (GoJsonException e) {
      error(from, "json.Unmarshal of SmsMes: " + e.getMessage()); // not relayed; reading goes on
      return;
    }
    byte[] again = GoTutorialJson.utf8(GoTutorialJson.envelope(envelope.type(), envelope.data()));
    List<Connection> to = new ArrayList<>();
    synchronized (lock) {
      for (Map.Entry<Integer, Connection> entry : online.entrySet()) {
        if (entry.getKey() != sender) {
          to.add(entry.getValue());
        }
      }
    }
    for (Connection conn : to) {
      try {
        conn.transfer().write(again);
      } catch (IOException gone) {
        // the tutorial prints the error and goes on with the next user
      }
    }
  }

  private static JsonNode object(JsonNode data) throws GoJsonException {
    return GoTutorialJson.object(data, "message struct");
  }

  private void send(Connection conn, String type, String payload) {
    try {
      conn.transfer().write(GoTutorialJson.utf8(GoTutorialJson.envelope(type, payload)));
    } catch (IOException gone) {
      // a user whose connection has ended stays "online" in the tutorial; the write just fails
    }
  }

  private void error(Connection conn, String error) {
    synchronized (lock) {
      errors.add("connection " + conn.number() + ": " + error);
      lock.notifyAll();
    }
  }

  /**
   * A panic: the process ends, and with it the listener and every connection. The death is told
   * only once all of them are closed, as a dead process has nothing left open.
   */
  private void die(String reason) {
    List<Connection> all;
    synchronized (lock) {
      all = List.copyOf(connections);
    }
    closeQuietly(listener);
    for (Connection conn : all) {
      closeQuietly(conn.socket());
    }
    synchronized (lock) {
      if (death == null) {
        death = reason;
      }
      lock.notifyAll();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception alreadyGone) {
      // closing what is closed already changes nothing
    }
  }

  /** False once the listening socket is closed, as when the process died. */
  public boolean listening() {
    return !listener.isClosed();
  }

  /** Why the server died (a frame over its buffer), or empty while it runs. */
  public Optional<String> died() {
    synchronized (lock) {
      return Optional.ofNullable(death);
    }
  }

  /** Waits (bounded) for the server to die, and says why; fails the test if it does not. */
  public String awaitDeath() throws InterruptedException {
    return await(() -> Optional.ofNullable(death), "its death");
  }

  /** Every frame it read and could decode as an envelope, in the order read. */
  public List<Frame> received() {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  /** Waits (bounded) for the first frame read that matches, however long ago it came. */
  public Frame awaitReceived(Predicate<Frame> matching) throws InterruptedException {
    return await(() -> received.stream().filter(matching).findFirst(), "a matching frame");
  }

  /** The types of messages it logged as unknown and ignored, in order. */
  public List<String> ignoredTypes() {
    synchronized (lock) {
      return List.copyOf(ignoredTypes);
    }
  }

  /** Waits (bounded) until it has ignored {@code count} messages, and returns their types. */
  public List<String> awaitIgnored(int count) throws InterruptedException {
    return await(
        () ->
            ignoredTypes.size() >= count
                ? Optional.of(List.copyOf(ignoredTypes))
                : Optional.empty(),
        count + " ignored messages");
  }

  /**
   * The errors that ended connections (short reads, undecodable frames), as the tutorial prints.
   */
  public List<String> errors() {
    synchronized (lock) {
      return List.copyOf(errors);
    }
  }

  /** The ids in its online map, most recent login first. None ever leaves it. */
  public List<Integer> onlineUserIds() {
    synchronized (lock) {
      List<Integer> ids = new ArrayList<>(online.keySet());
      Collections.reverse(ids);
      return ids;
    }
  }

  /** Called with the lock held; the connection threads notify on every change. */
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
        if (left <= 0) {
          throw new AssertionError(
              "the tutorial server waited "
                  + wait
                  + " without "
                  + what
                  + "; died: "
                  + death
                  + "; errors: "
                  + errors
                  + "; ignored types: "
                  + ignoredTypes
                  + "; frames read: "
                  + received.stream().map(Frame::text).toList());
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    List<Connection> all;
    synchronized (lock) {
      closed = true;
      all = List.copyOf(connections);
    }
    closeQuietly(listener);
    for (Connection conn : all) {
      closeQuietly(conn.socket());
    }
  }
}
