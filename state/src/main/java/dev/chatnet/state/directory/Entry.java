package dev.chatnet.state.directory;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;

/**
 * A user as the directory keeps it: under its id, and (the same entry) under its name while
 * the name is held. A name is held from the moment it is claimed, before the user has an id
 * ({@code id} 0), so two gateways racing for one name end with one winner.
 */
public final class Entry implements IdentifiedDataSerializable {

  private User user;

  public Entry() {
  }

  public Entry(User user) {
    this.user = user;
  }

  public User user() {
    return user;
  }

  @Override
  public int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StateSerialization.DIRECTORY_ENTRY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(user.id());
    out.writeString(user.name());
    out.writeString(user.session());
    out.writeString(user.node());
    out.writeLong(user.joinedAt());
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    user = new User(in.readLong(), in.readString(), in.readString(), in.readString(), in.readLong());
  }
}
