package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.state.Store;
import dev.chatnet.state.mailbox.DepositMessage;
import dev.chatnet.state.mailbox.DrainMailbox;
import dev.chatnet.state.mailbox.Drained;
import dev.chatnet.state.mailbox.DropMailbox;
import dev.chatnet.state.mailbox.Mailbox;
import io.vertx.core.Future;

/**
 * Mailboxes in one cluster-wide map, user id to {@link Mailbox}. Deposit, drain and drop are
 * each one keyed operation run where the mailbox lives (see the operations for their rules),
 * so a message deposited while a drain runs lands either in that drain or in the next, never
 * in both or neither. A mailbox of an earlier session that had the same id counts as empty.
 */
final class Mailboxes {

  /** Not the earlier JSON map's name: members of that version keep to their own map. */
  static final String MAP = "mailbox.boxes.v2";

  private final Store<Mailbox> boxes;
  private final int capacity;

  Mailboxes(Store<Mailbox> boxes, int capacity) {
    this.boxes = boxes;
    this.capacity = capacity;
  }

  /** A deposit for a session found a mailbox of another session, and was not told which is current. */
  static final class OtherSession extends RuntimeException {
    OtherSession() {
      super("The mailbox belongs to another session", null, false, false);
    }
  }

  /**
   * Stores the message unless it is there already. A mailbox of another session is replaced
   * if {@code current} says the directory has just named {@code session}; otherwise the deposit
   * fails with {@link OtherSession}, for the mailbox may be the newer one.
   */
  Future<Void> deposit(long owner, String session, DirectMessage message, boolean current) {
    return boxes.apply(String.valueOf(owner), new DepositMessage(session, current, capacity, message))
        .compose(outcome -> switch (outcome) {
          case DepositMessage.STORED -> Future.succeededFuture();
          case DepositMessage.OTHER_SESSION -> Future.failedFuture(new OtherSession());
          default -> Future.failedFuture(Failure.MAILBOX_FULL.exception("The mailbox of user " + owner + " is full."));
        });
  }

  /** Takes every message out of the mailbox, oldest first, as drain {@code token}; see {@link DrainMailbox}. */
  Future<Drained> drain(long owner, String session, String token, String ack) {
    return boxes.apply(String.valueOf(owner), new DrainMailbox(session, token, ack));
  }

  /** Drops the mailbox if it still belongs to {@code session}. */
  Future<Void> drop(long owner, String session) {
    return boxes.apply(String.valueOf(owner), new DropMailbox(session)).mapEmpty();
  }
}
