package dev.chatnet.state.mailbox;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One user's mailbox as stored: the session it belongs to, the messages waiting, and what the
 * last drain took (kept until the next drain acknowledges it, so a lost answer is handed out
 * again). Changed only by the operations of this package, in place, where it is stored.
 */
public final class Mailbox implements IdentifiedDataSerializable {

  String session;
  List<DirectMessage> waiting = new ArrayList<>();
  String lastToken;
  List<DirectMessage> lastDrained = List.of();
  /** Message ids of {@code waiting} and {@code lastDrained}: a retried deposit is found in one lookup. */
  private transient Set<String> ids;

  public Mailbox() {
  }

  Mailbox(String session) {
    this.session = session;
  }

  boolean holds(String messageId) {
    if (ids == null) {
      ids = new HashSet<>();
      waiting.forEach(m -> ids.add(m.messageId()));
      lastDrained.forEach(m -> ids.add(m.messageId()));
    }
    return ids.contains(messageId);
  }

  void add(DirectMessage message) {
    waiting.add(message);
    if (ids != null) {
      ids.add(message.messageId());
    }
  }

  /** The last drain becomes {@code taken} under {@code token}; nothing waits. */
  void drained(String token, List<DirectMessage> taken) {
    lastToken = token;
    lastDrained = taken;
    waiting = new ArrayList<>();
    ids = null;
  }

  @Override
  public int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StateSerialization.MAILBOX;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(session);
    writeMessages(out, waiting);
    out.writeString(lastToken);
    writeMessages(out, lastDrained);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    session = in.readString();
    waiting = readMessages(in);
    lastToken = in.readString();
    lastDrained = readMessages(in);
  }

  static void writeMessages(ObjectDataOutput out, List<DirectMessage> messages) throws IOException {
    out.writeInt(messages.size());
    for (DirectMessage m : messages) {
      out.writeString(m.messageId());
      out.writeLong(m.from());
      out.writeString(m.fromName());
      out.writeString(m.text());
      out.writeLong(m.sentAt());
    }
  }

  static List<DirectMessage> readMessages(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    List<DirectMessage> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(new DirectMessage(in.readString(), in.readLong(), in.readString(), in.readString(), in.readLong()));
    }
    return messages;
  }
}
