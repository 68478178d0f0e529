package dev.chatnet.state.room;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.Operation;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes a batch of changes to one room, in order, in one step where the room lives: each line,
 * join, leave or close is numbered into the room's one sequence. A line is refused when the
 * room (that epoch of it) is gone, a join when there is no such room, a close by anyone but
 * the owner; a line whose request was numbered already (the batch was retried) yields the event
 * it got then. {@code at} is the time the events carry, the same on the backup.
 */
public final class ChangeRoom implements Operation<Room, ChangeRoom.Outcomes> {

  public static final int LINE = 0;
  public static final int ENTRY = 1;
  public static final int EXIT = 2;
  public static final int CLOSING = 3;

  /**
   * One change: a LINE ({@code text}, {@code requestId}), an ENTRY into the room with id
   * {@code text}, an EXIT of kind {@code text} ({@link RoomEvent#LEAVE} or {@link RoomEvent#DROP}),
   * or the owner's CLOSING; all but ENTRY for the room's {@code epoch}.
   */
  public record Change(int kind, String epoch, User user, String text, String requestId) {
  }

  /**
   * What came of a change: its event ({@code fresh} when numbered now), or a refusal (a
   * {@link Failure} code and its text); for a join, the room as its new member sees it. A member
   * leaving a room that is gone has neither event nor refusal.
   */
  public record Outcome(RoomEvent event, boolean fresh, int refusal, String refusalText, RoomJoined joined) {
  }

  private List<Change> changes;
  private long at;
  private int historySize;

  public ChangeRoom() {
  }

  public ChangeRoom(List<Change> changes, long at, int historySize) {
    this.changes = changes;
    this.at = at;
    this.historySize = historySize;
  }

  @Override
  public Outcomes process(Map.Entry<String, Room> entry) {
    Room room = entry.getValue();
    boolean changed = false;
    List<Outcome> outcomes = new ArrayList<>(changes.size());
    for (Change change : changes) {
      Outcome outcome;
      switch (change.kind()) {
        case LINE -> {
          if (!open(room, change.epoch())) {
            outcome = closed(room, entry.getKey());
          } else {
            RoomEvent earlier = change.requestId() == null ? null : room.findRequest(change.requestId(), change.user(), change.text());
            outcome = earlier != null
                ? new Outcome(earlier, false, 0, null, null)
                : fresh(room.add(RoomEvent.MESSAGE, change.user(), change.text(), at, change.requestId(), historySize));
            changed |= earlier == null;
          }
        }
        case ENTRY -> {
          if (room == null) {
            outcome = refused(Failure.ROOM_NOT_FOUND, "Chat room " + change.text() + " does not exist.");
          } else {
            // What a late joiner is shown: the messages before it joined.
            List<RoomEvent> history = List.copyOf(room.history);
            RoomEvent joined = room.add(RoomEvent.JOIN, change.user(), null, at, null, historySize);
            outcome = new Outcome(joined, true, 0, null,
                new RoomJoined(room.id, entry.getKey(), room.epoch, joined.seq(), room.ownerName, history));
            changed = true;
          }
        }
        case EXIT -> {
          if (!open(room, change.epoch())) {
            outcome = new Outcome(null, false, 0, null, null);
          } else {
            outcome = fresh(room.add(change.text(), change.user(), null, at, null, historySize));
            changed = true;
          }
        }
        default -> {
          if (!open(room, change.epoch())) {
            outcome = closed(room, entry.getKey());
          } else if (!room.isOwner(change.user())) {
            outcome = refused(Failure.NOT_ALLOWED, "Only the owner (" + room.ownerName + ") can close chat room " + room.id + ".");
          } else {
            outcome = fresh(new RoomEvent(room.id, room.epoch, room.seq + 1, RoomEvent.CLOSE, change.user().id(),
                change.user().name(), null, at));
            // What comes after it in the batch finds the room gone.
            room = null;
            changed = true;
          }
        }
      }
      outcomes.add(outcome);
    }
    if (changed) {
      entry.setValue(room);
    }
    return new Outcomes(outcomes);
  }

  private static boolean open(Room room, String epoch) {
    return room != null && room.epoch.equals(epoch);
  }

  private static Outcome closed(Room room, String key) {
    return refused(Failure.ROOM_NOT_FOUND, "Chat room " + (room == null ? key : room.id) + " was closed.");
  }

  private static Outcome fresh(RoomEvent event) {
    return new Outcome(event, true, 0, null, null);
  }

  private static Outcome refused(Failure failure, String text) {
    return new Outcome(null, false, failure.code(), text, null);
  }

  @Override
  public int getClassId() {
    return StateSerialization.CHANGE_ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(at);
    out.writeInt(historySize);
    out.writeInt(changes.size());
    for (Change c : changes) {
      out.writeInt(c.kind());
      out.writeString(c.epoch());
      Room.writeUser(out, c.user());
      out.writeString(c.text());
      out.writeString(c.requestId());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    at = in.readLong();
    historySize = in.readInt();
    int count = in.readInt();
    changes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      changes.add(new Change(in.readInt(), in.readString(), Room.readUser(in), in.readString(), in.readString()));
    }
  }

  /** The outcomes of a batch, in its order. */
  public static final class Outcomes implements com.hazelcast.nio.serialization.IdentifiedDataSerializable {

    private List<Outcome> list;

    public Outcomes() {
    }

    Outcomes(List<Outcome> list) {
      this.list = list;
    }

    public List<Outcome> list() {
      return list;
    }

    @Override
    public int getFactoryId() {
      return StateSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
      return StateSerialization.ROOM_OUTCOMES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      out.writeInt(list.size());
      for (Outcome o : list) {
        out.writeBoolean(o.event() != null);
        if (o.event() != null) {
          Room.writeEvent(out, o.event());
        }
        out.writeBoolean(o.fresh());
        out.writeInt(o.refusal());
        out.writeString(o.refusalText());
        RoomJoined joined = o.joined();
        out.writeBoolean(joined != null);
        if (joined != null) {
          out.writeString(joined.room());
          out.writeString(joined.key());
          out.writeString(joined.epoch());
          out.writeLong(joined.seq());
          out.writeString(joined.owner());
          Room.writeEvents(out, joined.history());
        }
      }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      int count = in.readInt();
      list = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        RoomEvent event = in.readBoolean() ? Room.readEvent(in) : null;
        boolean fresh = in.readBoolean();
        int refusal = in.readInt();
        String text = in.readString();
        RoomJoined joined = in.readBoolean()
            ? new RoomJoined(in.readString(), in.readString(), in.readString(), in.readLong(), in.readString(), Room.readEvents(in))
            : null;
        list.add(new Outcome(event, fresh, refusal, text, joined));
      }
    }
  }
}
