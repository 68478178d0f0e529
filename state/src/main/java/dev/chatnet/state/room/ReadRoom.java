package dev.chatnet.state.room;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Reads the room's head and its recent events after {@code after} (none for a negative one); null when there is no room. */
public final class ReadRoom implements Operation<Room, RoomView>, ReadOnly {

  private long after;

  public ReadRoom() {
  }

  public ReadRoom(long after) {
    this.after = after;
  }

  @Override
  public RoomView process(Map.Entry<String, Room> entry) {
    Room room = entry.getValue();
    if (room == null) {
      return null;
    }
    return new RoomView(room.id, room.epoch, room.ownerSession, room.ownerName, after < 0 ? List.of() : room.recentAfter(after));
  }

  @Override
  public EntryProcessor<String, Room, RoomView> getBackupProcessor() {
    return null;
  }

  @Override
  public int getClassId() {
    return StateSerialization.READ_ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(after);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    after = in.readLong();
  }
}
