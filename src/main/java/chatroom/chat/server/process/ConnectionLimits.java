package chatroom.chat.server.process;

/**
 * What one connection has used of the limits kept in memory, per connection: they end with it.
 * (Limits per address and per user are kept in Redis, which every server node shares.)
 */
public final class ConnectionLimits {
  private final LogAllowance refusalLog = new LogAllowance();
  private final TokenBucket logins = new TokenBucket();
  private final TokenBucket registrations = new TokenBucket();

  /** The lines about refused requests this connection may still cause in the log. */
  public LogAllowance refusalLog() {
    return refusalLog;
  }

  /** The login attempts this connection may still make. */
  public TokenBucket logins() {
    return logins;
  }

  /** The registrations this connection may still make. */
  public TokenBucket registrations() {
    return registrations;
  }
}
