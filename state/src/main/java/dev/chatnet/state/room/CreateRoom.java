package dev.chatnet.state.room;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.Map;

/** Creates the room unless one has the key; answers null when created, else the existing room's id. */
public final class CreateRoom implements Operation<Room, String> {

  private String id;
  private String epoch;
  private User owner;

  public CreateRoom() {
  }

  public CreateRoom(String id, String epoch, User owner) {
    this.id = id;
    this.epoch = epoch;
    this.owner = owner;
  }

  @Override
  public String process(Map.Entry<String, Room> entry) {
    Room existing = entry.getValue();
    if (existing != null) {
      return existing.id;
    }
    entry.setValue(new Room(id, epoch, owner));
    return null;
  }

  @Override
  public int getClassId() {
    return StateSerialization.CREATE_ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(epoch);
    Room.writeUser(out, owner);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    epoch = in.readString();
    owner = Room.readUser(in);
  }
}
