package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stores messages in their recipient's mailbox, in the order given, each unless it is there
 * already (a retried deposit, waiting or in what the last drain took), and each only while the
 * mailbox has room. A mailbox of another session belongs to an earlier user with the same id:
 * it is replaced when {@code current} says the directory has just named {@code session}, else
 * nothing is stored and every message answers {@link #OTHER_SESSION}, for it may be the newer one.
 * The result holds one outcome per message.
 */
public final class DepositMessages implements Operation<Mailbox, int[]> {

  public static final int STORED = 0;
  public static final int OTHER_SESSION = 1;
  public static final int FULL = 2;

  private String session;
  private boolean current;
  private int capacity;
  private List<DirectMessage> messages;

  public DepositMessages() {
  }

  public DepositMessages(String session, boolean current, int capacity, List<DirectMessage> messages) {
    this.session = session;
    this.current = current;
    this.capacity = capacity;
    this.messages = messages;
  }

  @Override
  public int[] process(Map.Entry<String, Mailbox> entry) {
    int[] outcomes = new int[messages.size()];
    Mailbox box = entry.getValue();
    boolean mine = box != null && session.equals(box.session);
    if (box != null && !mine && !current) {
      Arrays.fill(outcomes, OTHER_SESSION);
      return outcomes;
    }
    if (!mine) {
      box = new Mailbox(session);
    }
    boolean changed = !mine;
    for (int i = 0; i < outcomes.length; i++) {
      DirectMessage message = messages.get(i);
      if (box.holds(message.messageId())) {
        outcomes[i] = STORED;
      } else if (box.waiting.size() >= capacity) {
        outcomes[i] = FULL;
      } else {
        box.add(message);
        outcomes[i] = STORED;
        changed = true;
      }
    }
    if (changed) {
      entry.setValue(box);
    }
    return outcomes;
  }

  @Override
  public int getClassId() {
    return StateSerialization.DEPOSIT_MESSAGES;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(session);
    out.writeBoolean(current);
    out.writeInt(capacity);
    Mailbox.writeMessages(out, messages);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    session = in.readString();
    current = in.readBoolean();
    capacity = in.readInt();
    messages = Mailbox.readMessages(in);
  }
}
