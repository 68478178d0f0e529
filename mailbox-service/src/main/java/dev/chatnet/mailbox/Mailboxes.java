package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.state.Store;
import dev.chatnet.state.mailbox.DepositMessages;
import dev.chatnet.state.mailbox.DrainMailbox;
import dev.chatnet.state.mailbox.Drained;
import dev.chatnet.state.mailbox.DropMailbox;
import dev.chatnet.state.mailbox.Mailbox;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

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
   * Stores the messages in their order, each unless it is there already; yields, for each, null
   * when stored or the refusal (the mailbox is full). A mailbox of another session is replaced
   * if {@code current} says the directory has just named {@code session}; otherwise the deposit
   * fails with {@link OtherSession} and stores none, for the mailbox may be the newer one.
   */
  Future<List<Throwable>> deposit(long owner, String session, List<DirectMessage> messages, boolean current) {
    return boxes.apply(String.valueOf(owner), new DepositMessages(session, current, capacity, messages))
        .compose(outcomes -> {
          List<Throwable> refusals = new ArrayList<>(outcomes.length);
          for (int outcome : outcomes) {
            switch (outcome) {
              case DepositMessages.STORED -> refusals.add(null);
              case DepositMessages.OTHER_SESSION -> {
                return Future.failedFuture(new OtherSession());
              }
              default -> refusals.add(Failure.MAILBOX_FULL.exception("The mailbox of user " + owner + " is full."));
            }
          }
          return Future.succeededFuture(refusals);
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
