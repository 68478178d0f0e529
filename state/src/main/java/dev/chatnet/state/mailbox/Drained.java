package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.List;

/** What a drain handed out, and the token the next drain acknowledges once the user saw them. */
public final class Drained implements IdentifiedDataSerializable {

  private String token;
  private List<DirectMessage> messages;

  public Drained() {
  }

  public Drained(String token, List<DirectMessage> messages) {
    this.token = token;
    this.messages = messages;
  }

  public String token() {
    return token;
  }

  public List<DirectMessage> messages() {
    return messages;
  }

  @Override
  public int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StateSerialization.DRAINED;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(token);
    Mailbox.writeMessages(out, messages);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    token = in.readString();
    messages = Mailbox.readMessages(in);
  }
}
