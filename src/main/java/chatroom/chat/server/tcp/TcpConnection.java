package chatroom.chat.server.tcp;

import chatroom.chat.common.Transfer;
import chatroom.chat.server.process.Connection;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/**
 * A session's connection over TCP: the frames go out exactly as made, 4-byte length and all,
 * through the connection's {@link Transfer}, several in one system call.
 */
public final class TcpConnection implements Connection {
  private final Transfer transfer;
  private final InetAddress peer;
  private final String describe;

  /**
   * The connection {@code transfer} writes to, from {@code peer}, named {@code describe} in logs.
   */
  public TcpConnection(Transfer transfer, InetAddress peer, String describe) {
    this.transfer = transfer;
    this.peer = peer;
    this.describe = describe;
  }

  @Override
  public void write(List<byte[]> frames) throws IOException {
    transfer.writeFrame(frames.toArray(byte[][]::new));
  }

  @Override
  public void close() {
    try {
      transfer.close();
    } catch (IOException alreadyGone) {
      // closing a socket that failed leaves nothing to do
    }
  }

  @Override
  public boolean isOpen() {
    return !transfer.isClosed();
  }

  @Override
  public InetAddress peer() {
    return peer;
  }

  @Override
  public String describe() {
    return describe;
  }
}
