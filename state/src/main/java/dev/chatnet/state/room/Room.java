package dev.chatnet.state.room;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.StateSerialization;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One chat room as stored: its id as created, its epoch (a room created again under the same
 * id is another room), its owner, the number of its last event, the last messages for late
 * joiners, and the last events for gateways that missed one and for retried lines. Changed
 * only by the operations of this package, in place, where it is stored.
 */
public final class Room implements IdentifiedDataSerializable {

  /** Events kept for gateways that missed one. */
  public static final int RECENT_EVENTS = 64;

  /**
   * Lines' request ids remembered with their numbers, many more than the recent events: when a
   * member dies with many lines in flight, a line applied there (and on its backup) is retried
   * after hundreds of others, and must get its number again, not a second place in the room.
   */
  public static final int REMEMBERED_REQUESTS = 1_024;

  /** A line's number and time, kept under its request id. */
  private record Numbered(long seq, long at) {
  }

  String id;
  String epoch;
  String ownerName;
  String ownerSession;
  long seq;
  ArrayDeque<RoomEvent> history = new ArrayDeque<>();
  ArrayDeque<RoomEvent> recent = new ArrayDeque<>();
  LinkedHashMap<String, Numbered> requests = new LinkedHashMap<>();

  public Room() {
  }

  Room(String id, String epoch, User owner) {
    this.id = id;
    this.epoch = epoch;
    this.ownerName = owner.name();
    this.ownerSession = owner.session();
  }

  boolean isOwner(User user) {
    return ownerSession.equals(user.session());
  }

  /** The next event, numbered and kept; a message goes into the history too. */
  RoomEvent add(String kind, User user, String text, long at, String requestId, int historySize) {
    RoomEvent event = new RoomEvent(id, epoch, seq + 1, kind, user.id(), user.name(), text, at, requestId);
    seq = event.seq();
    bounded(recent, event, RECENT_EVENTS);
    if (requestId != null) {
      requests.put(requestId, new Numbered(event.seq(), at));
      if (requests.size() > REMEMBERED_REQUESTS) {
        requests.remove(requests.keySet().iterator().next());
      }
    }
    if (RoomEvent.MESSAGE.equals(kind) && historySize > 0) {
      bounded(history, event, historySize);
    }
    return event;
  }

  /**
   * The event the line {@code text} of {@code user} got under this request, if the request is
   * remembered (a retried line is the same user's same text).
   */
  RoomEvent findRequest(String requestId, User user, String text) {
    Numbered numbered = requests.get(requestId);
    return numbered == null ? null
        : new RoomEvent(id, epoch, numbered.seq(), RoomEvent.MESSAGE, user.id(), user.name(), text, numbered.at(), requestId);
  }

  List<RoomEvent> recentAfter(long after) {
    List<RoomEvent> events = new ArrayList<>();
    for (RoomEvent event : recent) {
      if (event.seq() > after) {
        events.add(event);
      }
    }
    return events;
  }

  private static void bounded(ArrayDeque<RoomEvent> events, RoomEvent event, int limit) {
    events.addLast(event);
    while (events.size() > limit) {
      events.removeFirst();
    }
  }

  @Override
  public int getFactoryId() {
    return StateSerialization.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return StateSerialization.ROOM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(id);
    out.writeString(epoch);
    out.writeString(ownerName);
    out.writeString(ownerSession);
    out.writeLong(seq);
    writeEvents(out, history);
    writeEvents(out, recent);
    out.writeInt(requests.size());
    for (var request : requests.entrySet()) {
      out.writeString(request.getKey());
      out.writeLong(request.getValue().seq());
      out.writeLong(request.getValue().at());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    id = in.readString();
    epoch = in.readString();
    ownerName = in.readString();
    ownerSession = in.readString();
    seq = in.readLong();
    history = new ArrayDeque<>(readEvents(in));
    recent = new ArrayDeque<>(readEvents(in));
    int remembered = in.readInt();
    requests = new LinkedHashMap<>();
    for (int i = 0; i < remembered; i++) {
      requests.put(in.readString(), new Numbered(in.readLong(), in.readLong()));
    }
  }

  static void writeEvents(ObjectDataOutput out, java.util.Collection<RoomEvent> events) throws IOException {
    out.writeInt(events.size());
    for (RoomEvent e : events) {
      writeEvent(out, e);
    }
  }

  static List<RoomEvent> readEvents(ObjectDataInput in) throws IOException {
    int count = in.readInt();
    List<RoomEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(readEvent(in));
    }
    return events;
  }

  static void writeEvent(ObjectDataOutput out, RoomEvent e) throws IOException {
    out.writeString(e.room());
    out.writeString(e.epoch());
    out.writeLong(e.seq());
    out.writeString(e.kind());
    out.writeLong(e.userId());
    out.writeString(e.name());
    out.writeString(e.text());
    out.writeLong(e.at());
    out.writeString(e.requestId());
  }

  static RoomEvent readEvent(ObjectDataInput in) throws IOException {
    return new RoomEvent(in.readString(), in.readString(), in.readLong(), in.readString(), in.readLong(), in.readString(),
        in.readString(), in.readLong(), in.readString());
  }

  static void writeUser(ObjectDataOutput out, User user) throws IOException {
    out.writeLong(user.id());
    out.writeString(user.name());
    out.writeString(user.session());
    out.writeString(user.node());
    out.writeLong(user.joinedAt());
  }

  static User readUser(ObjectDataInput in) throws IOException {
    return new User(in.readLong(), in.readString(), in.readString(), in.readString(), in.readLong());
  }
}
