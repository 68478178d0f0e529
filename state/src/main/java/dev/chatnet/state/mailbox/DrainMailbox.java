package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.chatnet.protocol.bus.DirectMessage;

/**
 * Takes every waiting message, oldest first, as drain {@code token}. What a drain took stays
 * until the next drain acknowledges it ({@code ack}, the token of the last drain its caller
 * showed): a drain whose answer never reached the user hands those messages out again with
 * the new ones. The same token again (a retry) yields the same messages. A drain that finds
 * nothing new changes nothing and answers with the last drain's token.
 */
public final class DrainMailbox implements Operation<Mailbox, Drained> {

  private String session;
  private String token;
  private String ack;

  public DrainMailbox() {
  }

  public DrainMailbox(String session, String token, String ack) {
    this.session = session;
    this.token = token;
    this.ack = ack;
  }

  @Override
  public Drained process(Map.Entry<String, Mailbox> entry) {
    Mailbox box = entry.getValue();
    if (box == null || !session.equals(box.session)) {
      return new Drained(token, List.of());
    }
    if (token.equals(box.lastToken)) {
      return new Drained(token, List.copyOf(box.lastDrained));
    }
    boolean lastAcknowledged = box.lastToken == null || box.lastToken.equals(ack);
    if (lastAcknowledged && box.waiting.isEmpty()) {
      return new Drained(box.lastToken == null ? token : box.lastToken, List.of());
    }
    List<DirectMessage> taken = new ArrayList<>(box.waiting.size() + (lastAcknowledged ? 0 : box.lastDrained.size()));
    if (!lastAcknowledged) {
      taken.addAll(box.lastDrained);
    }
    taken.addAll(box.waiting);
    box.drained(token, taken);
    entry.setValue(box);
    return new Drained(token, List.copyOf(taken));
  }

  @Override
  public int getClassId() {
    return StateSerialization.DRAIN_MAILBOX;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(session);
    out.writeString(token);
    out.writeString(ack);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    session = in.readString();
    token = in.readString();
    ack = in.readString();
  }
}
