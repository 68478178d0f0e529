package dev.chatnet.state.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.Map;

/** Removes the entry if {@code session} still holds it; answers what was removed, or null. */
public final class Release implements Operation<Entry, Entry> {

  private String session;

  public Release() {
  }

  public Release(String session) {
    this.session = session;
  }

  @Override
  public Entry process(Map.Entry<String, Entry> stored) {
    Entry held = stored.getValue();
    if (held == null || !session.equals(held.user().session())) {
      return null;
    }
    stored.setValue(null);
    return held;
  }

  @Override
  public int getClassId() {
    return StateSerialization.RELEASE;
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
