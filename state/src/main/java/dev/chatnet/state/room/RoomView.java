package dev.chatnet.state.room;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.List;

/** What {@link ReadRoom} saw of a room. */
public final class RoomView implements IdentifiedDataSerializable {

  private String id;
  private String epoch;
  private String ownerSession;
  private String ownerName;
  private List<RoomEvent> events;

  public RoomView() {
  }

  RoomView(String id, String epoch, String ownerSession, String ownerName, List<RoomEvent> events) {
    this.id = id;
    this.epoch = epoch;
    this.ownerSession = ownerSession;
    this.ownerName = ownerName;
    this.events = events;
  }

  public String id() {
    return id;
  }

  public String epoch() {
    return epoch;
  }

  public String ownerSession() {
    return ownerSession;
  }

  public String ownerName() {
    return ownerName;
  }

  public List<RoomEvent> events() {
    return events;
  }

  @Override
  public int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StateSerialization.ROOM_VIEW;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(epoch);
    out.writeString(ownerSession);
    out.writeString(ownerName);
    Room.writeEvents(out, events);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    epoch = in.readString();
    ownerSession = in.readString();
    ownerName = in.readString();
    events = Room.readEvents(in);
  }
}
