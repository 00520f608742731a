package chatroom.chat.server.process;

import chatroom.chat.common.LogoutMes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logout: the others are told at once; the connection closes once its queue is written. */
public final class LogoutProcessor implements MessageProcessor<LogoutMes> {
  private static final Logger log = LoggerFactory.getLogger(LogoutProcessor.class);

  private final OnlineUsers online;

  /** Takes users off {@code online}. */
  public LogoutProcessor(OnlineUsers online) {
    this.online = online;
  }

  @Override
  public Class<LogoutMes> requestType() {
    return LogoutMes.class;
  }

  @Override
  public void process(Session session, LogoutMes request) {
    log.info("{} logged out", session);
    online.leave(session);
    session.endedBecause("logged out"); // its reader then fails on the closed socket
    session.closeAfterSending();
  }
}
