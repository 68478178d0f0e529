package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Stores a message in its recipient's mailbox unless it is there already (a retried deposit,
 * waiting or in what the last drain took). A mailbox of another session belongs to an earlier
 * user with the same id: it is replaced when {@code current} says the directory has just named
 * {@code session}, else the deposit answers {@link #OTHER_SESSION}, for it may be the newer one.
 */
public final class DepositMessage implements Operation<Mailbox, Integer> {

  public static final int STORED = 0;
  public static final int OTHER_SESSION = 1;
  public static final int FULL = 2;

  private String session;
  private boolean current;
  private int capacity;
  private DirectMessage message;

  public DepositMessage() {
  }

  public DepositMessage(String session, boolean current, int capacity, DirectMessage message) {
    this.session = session;
    this.current = current;
    this.capacity = capacity;
    this.message = message;
  }

  @Override
  public Integer process(Map.Entry<String, Mailbox> entry) {
    Mailbox box = entry.getValue();
    boolean mine = box != null && session.equals(box.session);
    if (box != null && !mine && !current) {
      return OTHER_SESSION;
    }
    if (!mine) {
      box = new Mailbox(session);
    } else if (box.holds(message.messageId())) {
      return STORED;
    }
    if (box.waiting.size() >= capacity) {
      return FULL;
    }
    box.add(message);
    entry.setValue(box);
    return STORED;
  }

  @Override
  public int getClassId() {
    return StateSerialization.DEPOSIT_MESSAGE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(session);
    out.writeBoolean(current);
    out.writeInt(capacity);
    Mailbox.writeMessages(out, List.of(message));
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    session = in.readString();
    current = in.readBoolean();
    capacity = in.readInt();
    message = Mailbox.readMessages(in).get(0);
  }
}
