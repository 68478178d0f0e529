package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.Map;

/** Removes the mailbox if it still belongs to {@code session}; answers whether it did. */
public final class DropMailbox implements Operation<Mailbox, Boolean> {

  private String session;

  public DropMailbox() {
  }

  public DropMailbox(String session) {
    this.session = session;
  }

  @Override
  public Boolean process(Map.Entry<String, Mailbox> entry) {
    Mailbox box = entry.getValue();
    if (box == null || !session.equals(box.session)) {
      return false;
    }
    entry.setValue(null);
    return true;
  }

  @Override
  public int getClassId() {
    return StateSerialization.DROP_MAILBOX;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(session);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    session = in.readString();
  }
}
