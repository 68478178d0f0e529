package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.buffer.Buffer;

/**
 * What a session writes to its client. While the answers to a batch are written they are
 * corked: they collect and go out in one write. A client that stops reading blocks the
 * session's requests until it catches up, so a slow reader cannot make the gateway queue
 * without end. Room lines do not come this way (see {@link RoomMember#deliver}).
 */
final class Outbox {

  private final Session session;
  private final ClientChannel connection;
  /** While answers to a batch are written: they collect here and go out in one write. */
  private Buffer corked;
  private boolean blocked;

  Outbox(Session session, ClientChannel connection) {
    this.session = session;
    this.connection = connection;
  }

  void send(Frame frame) {
    write(Frames.line(frame));
  }

  void write(Buffer bytes) {
    if (session.state() == Session.State.CLOSED) {
      return;
    }
    if (corked != null) {
      corked.appendBuffer(bytes);
      return;
    }
    connection.write(bytes);
    if (connection.writeQueueFull()) {
      // The client is not reading: stop taking its requests until it catches up.
      blocked = true;
    }
  }

  /** Collects what is written from now until {@link #uncork}. */
  void cork(int expectedBytes) {
    corked = Buffer.buffer(expectedBytes);
  }

  /** Writes what collected while corked. */
  void uncork() {
    Buffer collected = corked;
    corked = null;
    if (collected != null && collected.length() > 0) {
      write(collected);
    }
  }

  /** True while the client has not caught up with what it was sent. */
  boolean blocked() {
    return blocked;
  }

  /** The client caught up; whether it had been blocked. */
  boolean unblock() {
    boolean was = blocked;
    blocked = false;
    return was;
  }
}
