package chatroom.chat.server.cluster;

import chatroom.chat.common.Json;
import chatroom.chat.common.PrivateSmsMes;
import chatroom.chat.common.ResultCode;
import chatroom.chat.common.Transfer;
import chatroom.chat.server.model.StoreException;
import chatroom.chat.server.process.Mailboxes;
import chatroom.chat.server.process.Mailboxes.Outcome;
import chatroom.chat.server.process.Nodes;
import chatroom.chat.server.process.OnlineUsers;
import chatroom.chat.server.process.Session;
import chatroom.support.ConnectionThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * This chat server as one node among any number that share a Redis (lesson 13): the other nodes'
 * users are known here, private messages go to the node of their recipient, group messages to every
 * node, and a node that dies is noticed within seconds.
 *
 * <p>What lives in Redis, with expiry times the nodes keep pushing back, is in {@link
 * NodeDirectory}: who is online where, and which nodes are alive. What nodes tell each other goes
 * through pub/sub ({@link Bus}, {@link Events}), which delivers a message at most once and only to
 * whoever listens at that moment. So nothing that must not be lost depends on it alone: a private
 * message is handed to another node only when that node answers that it took it, and kept here
 * otherwise; the list of who is online is read again from Redis whenever this node (re)starts
 * listening, and every 30 seconds.
 */
public final class RedisNodes implements Nodes, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisNodes.class);

  /** How often this node beats and looks at the others. */
  static final Duration WATCH_EVERY = Duration.ofSeconds(1);

  /** How often the presence of this node's users is confirmed in Redis. */
  static final Duration CONFIRM_EVERY = Duration.ofSeconds(10);

  /** How often the list of who is online elsewhere is read again, whatever was heard. */
  static final Duration RESYNC_EVERY = Duration.ofSeconds(30);

  /** How long to wait for another node's answer about a private message. */
  static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

  /** How long a login waits for another node to close the session it replaced. */
  static final Duration REPLACE_WAIT = Duration.ofSeconds(2);

  /** Deliveries from other nodes run in this many lanes; one recipient's, in order, in one. */
  private static final int DELIVERY_LANES = 16;

  private final String me;
  private volatile String description = "starting";
  private final boolean onCluster;
  private final UnifiedJedis redis;
  private final NodeDirectory directory;
  private final OnlineUsers online;
  private final Bus bus;
  private final ExecutorService publisher = oneThread("cluster-publisher", 100_000);
  private final ExecutorService groups = oneThread("cluster-groups", 10_000);
  private final ExecutorService[] lanes = new ExecutorService[DELIVERY_LANES];
  private final ScheduledExecutorService watch =
      Executors.newSingleThreadScheduledExecutor(daemon("cluster-watch"));
  private final Set<String> peers = ConcurrentHashMap.newKeySet();
  private final Map<Long, CompletableFuture<Events.Direct>> asked = new ConcurrentHashMap<>();
  private final AtomicLong asks = new AtomicLong();
  private final AtomicBoolean redisAway = new AtomicBoolean();
  private volatile Mailboxes mailboxes;
  private long lastConfirm;
  private long lastResync;

  /**
   * This server as a node, named at random, on {@code redis}; it listens through a connection of
   * its own to the first of {@code addresses} that answers. Not started.
   *
   * @param onCluster true on a Redis Cluster, where a publication's count of listeners covers only
   *     the clients of the Redis server that took it
   */
  public RedisNodes(
      UnifiedJedis redis,
      List<HostAndPort> addresses,
      JedisClientConfig config,
      boolean onCluster,
      OnlineUsers online) {
    this.me = "node-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    this.onCluster = onCluster;
    this.redis = redis;
    this.directory = new NodeDirectory(redis);
    this.online = online;
    this.bus =
        new Bus(
            addresses,
            config,
            List.of(Events.PRESENCE, Events.GROUP, Events.HELLO, Events.to(me)),
            this::heard,
            this::listening);
    for (int i = 0; i < lanes.length; i++) {
      lanes[i] = oneThread("cluster-delivery-" + i, Integer.MAX_VALUE);
    }
  }

  /**
   * Before any user can log in: private messages handed to this node will go to {@code mailboxes},
   * and every departure here is made known, even one before {@link #start}.
   */
  public void prepare(Mailboxes mailboxes) {
    this.mailboxes = mailboxes;
    online.whenLeft(this::left);
  }

  /**
   * Joins the other nodes: beats, listens, watches. Call {@link #prepare} first.
   *
   * @param description how this node is described to people, e.g. its port
   */
  public void start(String description) {
    this.description = description;
    try {
      directory.beat(me, description);
    } catch (JedisException e) {
      log.warn(
          "Redis does not answer yet ({}); this node joins the others once it does",
          e.getMessage());
    }
    bus.start();
    watch.scheduleWithFixedDelay(this::tick, 0, WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    log.info("This server is node {} ({})", me, description);
  }

  @Override
  public String me() {
    return me;
  }

  /** The other nodes this one knows to be alive, from their heartbeats and news. */
  public Set<String> peers() {
    return Set.copyOf(peers);
  }

  @Override
  public Claim claim(int userId) throws StoreException {
    NodeDirectory.Claimed claimed = directory.claim(userId, me);
    Optional<String> previous =
        claimed.previous().isEmpty() || claimed.previous().equals(me)
            ? Optional.empty()
            : Optional.of(claimed.previous());
    return new Claim(claimed.login(), previous);
  }

  @Override
  public void joined(Session session, Claim claim) {
    int user = session.userId();
    long login = session.login();
    later(
        () -> {
          directory.listUser(me, user, login);
          publish(Events.PRESENCE, new Events.Presence(true, user, me, login));
        });
    if (claim.previousNode().isPresent()) {
      Events.Direct replace = new Events.Direct(Events.Op.REPLACE, me, 0, user, login, null, null);
      try {
        ask(claim.previousNode().get(), replace, REPLACE_WAIT);
      } catch (StoreException e) {
        log.warn(
            "could not ask node {} to close user {}'s older session", claim.previousNode(), user);
      }
    }
  }

  /** A session here left the online users: the others hear it, and Redis forgets it. */
  private void left(Session session) {
    int user = session.userId();
    long login = session.login();
    later(
        () -> {
          directory.release(user, me, login);
          directory.unlistUser(me, user);
          publish(Events.PRESENCE, new Events.Presence(false, user, me, login));
        });
  }

  @Override
  public Optional<String> whereIs(int userId) throws StoreException {
    return directory.whereIs(userId);
  }

  @Override
  public Optional<Outcome> deliverThere(String node, PrivateSmsMes message) throws StoreException {
    Events.Direct deliver =
        new Events.Direct(Events.Op.DELIVER, me, 0, message.toUserId(), 0, message, null);
    Optional<Events.Direct> answer = ask(node, deliver, ANSWER_WAIT);
    if (answer.isEmpty()) {
      return Optional.empty();
    }
    if (answer.get().outcome() == null) {
      throw new StoreException("node " + node + " could not keep the message", null);
    }
    return Optional.of(Outcome.valueOf(answer.get().outcome()));
  }

  @Override
  public void tellOthers(byte[] envelope) {
    if (peers.isEmpty()) {
      return; // alone: nobody to tell, and no Redis call for each group message
    }
    String text = new String(envelope, StandardCharsets.UTF_8);
    later(() -> publish(Events.GROUP, new Events.Group(me, text)));
  }

  @Override
  public void kept(int userId) {
    later(
        () -> {
          Optional<String> node = directory.whereIs(userId);
          if (node.isEmpty()) {
            return;
          }
          if (node.get().equals(me)) {
            online.get(userId).ifPresent(this::collectLater);
          } else {
            Events.Direct collect =
                new Events.Direct(Events.Op.COLLECT, me, 0, userId, 0, null, null);
            publish(Events.to(node.get()), collect);
          }
        });
  }

  private void collectLater(Session session) {
    ConnectionThreads.shortTasks().execute(() -> mailboxes.collect(session));
  }

  /**
   * Asks {@code node} something on its own channel and waits for the answer.
   *
   * @return the answer; empty if nobody listens on that channel (the node has stopped) or no answer
   *     came in time
   */
  private Optional<Events.Direct> ask(String node, Events.Direct question, Duration wait)
      throws StoreException {
    long number = asks.incrementAndGet();
    CompletableFuture<Events.Direct> answer = new CompletableFuture<>();
    asked.put(number, answer);
    try {
      Events.Direct numbered =
          new Events.Direct(
              question.op(),
              me,
              number,
              question.user(),
              question.login(),
              question.message(),
              question.outcome());
      if (onCluster && !directory.alive(node)) {
        return Optional.empty(); // its heartbeat has stopped: nobody would answer
      }
      long listeners = redis.publish(Events.to(node), Json.write(numbered));
      if (listeners == 0 && !onCluster) {
        return Optional.empty(); // nobody listens on its channel: the node has stopped
      }
      return Optional.of(answer.get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (JedisException e) {
      throw new StoreException("asking node " + node + " failed: " + e.getMessage(), e);
    } catch (TimeoutException e) {
      log.warn("node {} did not answer a {} within {} ms", node, question.op(), wait.toMillis());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException impossible) {
      return Optional.empty();
    } finally {
      asked.remove(number);
    }
  }

  /** Handles a message heard on the bus; on the bus's thread, so nothing here may wait. */
  private void heard(String channel, String message) {
    try {
      if (channel.equals(Events.HELLO)) {
        if (!message.equals(me)) {
          met(message);
        }
      } else if (channel.equals(Events.PRESENCE)) {
        heard(Json.read(message, Events.Presence.class));
      } else if (channel.equals(Events.GROUP)) {
        heard(Json.read(message, Events.Group.class));
      } else {
        heard(Json.read(message, Events.Direct.class));
      }
    } catch (IOException e) {
      log.warn("an unreadable message on {}: {}", channel, e.getMessage());
    }
  }

  private void heard(Events.Presence presence) {
    if (presence.node().equals(me)) {
      return;
    }
    met(presence.node());
    if (presence.on()) {
      arrived(presence.user(), presence.node(), presence.login());
    } else {
      online.leftElsewhere(presence.user(), presence.node(), presence.login());
    }
  }

  private void arrived(int user, String node, long login) {
    if (online.arrivedElsewhere(user, node, login) instanceof OnlineUsers.Ousted ousted) {
      replaceHere(ousted.session());
    }
  }

  /** Ends a session here whose user has logged in on another node since: 409, as on one node. */
  private static void replaceHere(Session older) {
    older.endedBecause("replaced by a new login on another server");
    older.closeWith(ResultCode.SESSION_REPLACED, "you logged in from somewhere else");
    older.closeWithin(REPLACE_WAIT);
  }

  private void heard(Events.Group group) {
    if (group.node().equals(me)) {
      return;
    }
    met(group.node());
    byte[] frame = Transfer.frameOf(group.envelope().getBytes(StandardCharsets.UTF_8));
    // In order, on a thread that may wait for readers who are behind; when even that falls behind,
    // the bus waits too, and Redis holds the messages for it.
    groups.execute(() -> online.broadcast(frame, null));
  }

  private void heard(Events.Direct direct) {
    switch (direct.op()) {
      case DELIVER -> lane(direct.message().toUserId()).execute(() -> deliverHere(direct));
      case DELIVERED, REPLACED -> {
        CompletableFuture<Events.Direct> waiting = asked.get(direct.ask());
        if (waiting != null) {
          waiting.complete(direct);
        }
      }
      case REPLACE -> ConnectionThreads.shortTasks().execute(() -> closeReplaced(direct));
      case COLLECT -> online.get(direct.user()).ifPresent(this::collectLater);
    }
  }

  private ExecutorService lane(int userId) {
    return lanes[Math.floorMod(userId, lanes.length)];
  }

  /** Delivers a message another node handed here, and tells that node what became of it. */
  private void deliverHere(Events.Direct direct) {
    String outcome;
    try {
      outcome = mailboxes.deliverHere(direct.message()).name();
    } catch (StoreException e) {
      outcome = null; // the sender answers 505, as for a failure of its own store
    }
    answer(direct, new Events.Direct(Events.Op.DELIVERED, me, direct.ask(), 0, 0, null, outcome));
  }

  /** Closes the session here of a user who logged in on another node, then says so. */
  private void closeReplaced(Events.Direct direct) {
    Optional<Session> older = online.get(direct.user());
    if (older.isPresent() && older.get().login() < direct.login()) {
      online.arrivedElsewhere(direct.user(), direct.from(), direct.login());
      replaceHere(older.get());
      older.get().awaitClosed(REPLACE_WAIT); // so that it writes nothing the new login writes too
    }
    answer(direct, new Events.Direct(Events.Op.REPLACED, me, direct.ask(), 0, 0, null, null));
  }

  private void answer(Events.Direct question, Events.Direct answer) {
    try {
      redis.publish(Events.to(question.from()), Json.write(answer));
    } catch (JedisException e) {
      log.warn("could not answer node {}: {}", question.from(), e.getMessage());
    }
  }

  /** Beats, confirms, watches the other nodes; once a second. */
  private void tick() {
    try {
      directory.beat(me, description);
      long now = System.nanoTime();
      if (now - lastConfirm >= CONFIRM_EVERY.toNanos()) {
        lastConfirm = now;
        confirmUsers();
      }
      watchOthers();
      if (now - lastResync >= RESYNC_EVERY.toNanos()) {
        lastResync = now;
        resync();
      }
      if (redisAway.getAndSet(false)) {
        log.info("Redis answers again; this node is back among the others");
      }
    } catch (JedisException e) {
      if (!redisAway.getAndSet(true)) {
        log.warn(
            "Redis does not answer ({}); chat between users of this server goes on",
            e.getMessage());
      }
    } catch (RuntimeException e) {
      log.error("watching the other nodes failed", e);
    }
  }

  /**
   * Pushes back the expiry of every user's presence here; puts back one that expired meanwhile
   * (Redis was away, or another node took this one for dead), telling the others again.
   */
  private void confirmUsers() {
    for (Session session : online.here()) {
      long confirmed = directory.confirm(session.userId(), me, session.login());
      if (confirmed == 1) {
        directory.listUser(me, session.userId(), session.login());
        publish(Events.PRESENCE, new Events.Presence(true, session.userId(), me, session.login()));
      } else if (confirmed < 0) {
        log.info("user {} logged in on another node meanwhile", session.userId());
        replaceHere(session);
      }
    }
  }

  /** Notices nodes that have stopped beating, and new ones. */
  private void watchOthers() {
    Set<String> nodes = directory.nodes();
    for (String node : nodes) {
      if (node.equals(me)) {
        continue;
      }
      if (directory.alive(node)) {
        met(node);
      } else {
        gone(node);
      }
    }
    for (String peer : List.copyOf(peers)) {
      if (!nodes.contains(peer)) {
        gone(peer);
      }
    }
  }

  /** Counts {@code node} among the others, and says so the first time. */
  private void met(String node) {
    if (peers.add(node)) {
      log.info("node {} is in the chat too; {} nodes now", node, peers.size() + 1);
    }
  }

  /** A node has stopped: its users are offline here, and what it left in Redis is cleared. */
  private void gone(String node) {
    boolean known = peers.remove(node);
    List<Integer> users = online.nodeGone(node);
    if (directory.clearAway(node, me) || known || !users.isEmpty()) {
      log.info("node {} has stopped; {} of its users went offline here", node, users.size());
    }
  }

  /** Reads again from Redis who is online on every other node, and mends what was missed. */
  private void resync() {
    for (String node : directory.nodes()) {
      if (node.equals(me)) {
        continue;
      }
      if (!directory.alive(node)) {
        gone(node);
        continue;
      }
      met(node);
      Map<Integer, Long> there = directory.usersOn(node);
      there.forEach((user, login) -> arrived(user, node, login));
      for (int user : online.onNode(node)) {
        if (!there.containsKey(user)) {
          online.leftElsewhere(user, node, Long.MAX_VALUE);
        }
      }
    }
  }

  /** Listening (again): say hello, and read who is where, since news may have been missed. */
  private void listening() {
    later(() -> redis.publish(Events.HELLO, me));
    watch.execute(
        () -> {
          try {
            resync();
          } catch (JedisException e) {
            log.debug("reading who is where after listening again failed: {}", e.getMessage());
          }
        });
  }

  private void publish(String channel, Object event) {
    redis.publish(channel, Json.write(event));
  }

  /** Runs Redis work in order on the publisher's thread, so no chat thread waits for it. */
  private void later(RedisWork work) {
    publisher.execute(
        () -> {
          try {
            work.run();
          } catch (JedisException | StoreException e) {
            if (!redisAway.getAndSet(true)) {
              log.warn(
                  "Redis does not answer ({}); the other nodes miss some news", e.getMessage());
            }
          }
        });
  }

  /** Work against Redis. */
  @FunctionalInterface
  private interface RedisWork {
    void run() throws StoreException;
  }

  /** Stops listening and watching; the other nodes notice within seconds that this one is gone. */
  @Override
  public void close() {
    bus.close();
    watch.shutdownNow();
    publisher.shutdown();
    try {
      publisher.awaitTermination(2, TimeUnit.SECONDS); // the last departures reach the others
      redis.del(NodeDirectory.heartbeatKey(me));
      directory.clearAway(me, me);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (JedisException e) {
      log.debug("could not clear this node away: {}", e.getMessage());
    }
    groups.shutdownNow();
    for (ExecutorService lane : lanes) {
      lane.shutdownNow();
    }
  }

  private static ExecutorService oneThread(String name, int queue) {
    return new ThreadPoolExecutor(
        1,
        1,
        0,
        TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(queue),
        daemon(name),
        new ThreadPoolExecutor.CallerRunsPolicy()); // full: the caller waits its turn
  }

  private static ThreadFactory daemon(String name) {
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
