package dev.chatnet.state;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.state.directory.Claim;
import dev.chatnet.state.directory.Entry;
import dev.chatnet.state.directory.Release;
import dev.chatnet.state.mailbox.DepositMessages;
import dev.chatnet.state.mailbox.DrainMailbox;
import dev.chatnet.state.mailbox.Drained;
import dev.chatnet.state.mailbox.DropMailbox;
import dev.chatnet.state.mailbox.Mailbox;
import dev.chatnet.state.room.ChangeRoom;
import dev.chatnet.state.room.CreateRoom;
import dev.chatnet.state.room.ReadRoom;
import dev.chatnet.state.room.Room;
import dev.chatnet.state.room.RoomView;

/**
 * Every value and operation of the cluster's state, by class id, for Hazelcast's
 * IdentifiedDataSerializable: no reflection and no class names on the wire. Every member
 * registers it at start ({@link #register}). A class id is never reused for another shape: a
 * changed shape takes a new id, so a member of another version fails the operation with
 * "no class for id" instead of reading a value wrongly.
 */
public final class StateSerialization implements DataSerializableFactory {

  public static final int FACTORY_ID = 7_301;

  public static final int MAILBOX = 1;
  public static final int DRAIN_MAILBOX = 3;
  public static final int DRAINED = 4;
  public static final int DROP_MAILBOX = 5;
  public static final int CREATE_ROOM = 7;
  public static final int CHANGE_ROOM = 8;
  public static final int ROOM_OUTCOMES = 9;
  public static final int READ_ROOM = 10;
  public static final int ROOM_VIEW = 11;
  public static final int DIRECTORY_ENTRY = 12;
  public static final int CLAIM = 13;
  public static final int RELEASE = 14;
  /** Replaces 2, a deposit of one message: a member that still sends that fails clearly. */
  public static final int DEPOSIT_MESSAGES = 15;
  /** Replaces 6, a room that remembered request ids only among its recent events. */
  public static final int ROOM = 16;

  public static void register(SerializationConfig config) {
    config.addDataSerializableFactory(FACTORY_ID, new StateSerialization());
  }

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case MAILBOX -> new Mailbox();
      case DEPOSIT_MESSAGES -> new DepositMessages();
      case DRAIN_MAILBOX -> new DrainMailbox();
      case DRAINED -> new Drained();
      case DROP_MAILBOX -> new DropMailbox();
      case ROOM -> new Room();
      case CREATE_ROOM -> new CreateRoom();
      case CHANGE_ROOM -> new ChangeRoom();
      case ROOM_OUTCOMES -> new ChangeRoom.Outcomes();
      case READ_ROOM -> new ReadRoom();
      case ROOM_VIEW -> new RoomView();
      case DIRECTORY_ENTRY -> new Entry();
      case CLAIM -> new Claim();
      case RELEASE -> new Release();
      default -> null;
    };
  }
}
