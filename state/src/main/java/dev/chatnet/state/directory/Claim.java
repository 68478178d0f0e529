package dev.chatnet.state.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.Map;

/** Puts the entry unless the key is held; answers null when it was put, else the holder. */
public final class Claim implements Operation<Entry, Entry> {

  private Entry entry;

  public Claim() {
  }

  public Claim(Entry entry) {
    this.entry = entry;
  }

  @Override
  public Entry process(Map.Entry<String, Entry> stored) {
    if (stored.getValue() != null) {
      return stored.getValue();
    }
    stored.setValue(entry);
    return null;
  }

  @Override
  public int getClassId() {
    return StateSerialization.CLAIM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    entry.writeData(out);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    entry = new Entry();
    entry.readData(in);
  }
}
