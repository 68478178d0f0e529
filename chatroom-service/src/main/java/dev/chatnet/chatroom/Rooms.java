package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomIds;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.Store;
import dev.chatnet.state.room.ChangeRoom;
import dev.chatnet.state.room.CreateRoom;
import dev.chatnet.state.room.ReadRoom;
import dev.chatnet.state.room.Room;
import dev.chatnet.state.room.RoomView;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Rooms in two cluster-wide maps. {@code rooms}: room key to the {@link Room}; every event is
 * numbered by one keyed operation on its room where the room lives ({@link ChangeRoom}), so a
 * room has one sequence whichever instance serves the request. {@code members}: user session
 * to the room it is in, so a departure can be turned into a leave or a close by any instance.
 */
final class Rooms {

  /** Not the earlier JSON map's name: members of that version keep to their own map. */
  static final String ROOMS_MAP = "chatroom.rooms.v2";
  static final String MEMBERS_MAP = "chatroom.members";

  private final Store<Room> rooms;
  private final AsyncMap<String, JsonObject> members;
  private final int historySize;
  private final RoomWrites writes;

  /** {@code publish} gets the events of each write, in the order they were numbered. */
  Rooms(Store<Room> rooms, AsyncMap<String, JsonObject> members, int historySize,
        Transcripts transcripts, BiConsumer<String, List<RoomEvent>> publish) {
    this.rooms = rooms;
    this.members = members;
    this.historySize = historySize;
    this.writes = new RoomWrites(this::apply, this::settle, transcripts, publish);
  }

  /** A change to a room, made with the others waiting for the same room in one operation. */
  sealed interface Change permits Line, Entry, Exit, Closing {
  }

  /** A line to say; a retried line ({@code requestId} seen before) keeps the number it got. */
  record Line(String epoch, User user, String text, String requestId) implements Change {
  }

  /** {@code user} joins the room with id {@code id}. */
  record Entry(String id, User user) implements Change {
  }

  /** A member goes; {@code kind} is {@link RoomEvent#LEAVE} or {@link RoomEvent#DROP}. */
  record Exit(String epoch, User user, String kind) implements Change {
  }

  /** The owner closes the room. */
  record Closing(String epoch, User user) implements Change {
  }

  /**
   * What came of a change: its event ({@code fresh} when numbered now, not found numbered by an
   * earlier try of the same request), or why it was refused; for a join, the room as its new
   * member sees it. A member going from a room that is gone has neither event nor refusal.
   */
  record Done(RoomEvent event, boolean fresh, RuntimeException refused, RoomJoined joined) {
  }

  Future<RoomJoined> create(String id, User owner) {
    checkId(id);
    String key = RoomIds.key(id);
    String epoch = UUID.randomUUID().toString();
    return rooms.apply(key, new CreateRoom(id, epoch, owner)).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(Failure.ROOM_EXISTS.exception("Chat room " + existing + " already exists."));
      }
      return enter(owner, key, epoch).map(v -> new RoomJoined(id, key, epoch, 0, owner.name(), List.of()));
    });
  }

  /** Joins (its event is published) and yields the room as the new member sees it, or fails ROOM_NOT_FOUND. */
  Future<RoomJoined> join(String id, User user) {
    checkId(id);
    String key = RoomIds.key(id);
    return writes.write(key, new Entry(id, user)).map(Done::joined);
  }

  /** A join is recorded as the member's room before it is announced, so a departure finds it. */
  private Future<Void> settle(String key, Change change, Done done) {
    return change instanceof Entry entry ? enter(entry.user(), key, done.joined().epoch()) : Future.succeededFuture();
  }

  /** Says the line (its event is published, its transcript written) and yields its event. */
  Future<RoomEvent> say(String key, Line line) {
    return writes.write(key, line).map(Done::event);
  }

  /** {@link #say} of lines that came together, numbered in one write; one outcome per line. */
  List<Future<RoomEvent>> sayAll(String key, List<Line> lines) {
    return writes.writeAll(key, List.copyOf(lines)).stream().map(done -> done.map(Done::event)).toList();
  }

  /** Makes the changes to one room, in order, in one keyed operation; see {@link ChangeRoom}. */
  private Future<List<Done>> apply(String key, List<Change> changes) {
    List<ChangeRoom.Change> batch = new ArrayList<>(changes.size());
    for (Change change : changes) {
      if (change instanceof Line line) {
        batch.add(new ChangeRoom.Change(ChangeRoom.LINE, line.epoch(), line.user(), line.text(), line.requestId()));
      } else if (change instanceof Entry entry) {
        batch.add(new ChangeRoom.Change(ChangeRoom.ENTRY, null, entry.user(), entry.id(), null));
      } else if (change instanceof Exit exit) {
        batch.add(new ChangeRoom.Change(ChangeRoom.EXIT, exit.epoch(), exit.user(), exit.kind(), null));
      } else {
        Closing closing = (Closing) change;
        batch.add(new ChangeRoom.Change(ChangeRoom.CLOSING, closing.epoch(), closing.user(), null, null));
      }
    }
    return rooms.apply(key, new ChangeRoom(batch, System.currentTimeMillis(), historySize)).map(outcomes -> {
      List<Done> done = new ArrayList<>(outcomes.list().size());
      for (ChangeRoom.Outcome o : outcomes.list()) {
        RuntimeException refused = o.refusal() == 0 ? null : Failure.ofCode(o.refusal()).exception(o.refusalText());
        done.add(new Done(o.event(), o.fresh(), refused, o.joined()));
      }
      return done;
    });
  }

  /**
   * Takes the user out of the room: yields the leave event (published), or null when the user
   * was not in it (already left, or the room is gone).
   */
  Future<RoomEvent> leave(String key, String epoch, User user, String kind) {
    return rooms.apply(key, new ReadRoom(-1)).compose(current -> leave(key, epoch, user, kind, current));
  }

  /** {@link #leave}, with the room as just read. */
  private Future<RoomEvent> leave(String key, String epoch, User user, String kind, RoomView current) {
    if (current != null && epoch.equals(current.epoch()) && isOwner(current, user)) {
      return Future.failedFuture(Failure.NOT_ALLOWED.exception("The owner closes the room with 'exit'."));
    }
    return members.removeIfPresent(user.session(), membership(key, epoch))
        .compose(removed -> removed
            ? writes.write(key, new Exit(epoch, user, kind)).map(Done::event)
            : Future.succeededFuture(null));
  }

  /** Closes the room if {@code user} owns it; yields the close event (published). */
  Future<RoomEvent> close(String key, String epoch, User user) {
    return writes.write(key, new Closing(epoch, user))
        .compose(done -> members.removeIfPresent(user.session(), membership(key, epoch)).map(done.event()));
  }

  /** Events of the room after {@code after}, from the recent ones kept. */
  Future<List<RoomEvent>> eventsAfter(String key, String epoch, long after) {
    return rooms.apply(key, new ReadRoom(Math.max(after, 0))).map(room -> {
      if (room == null || !room.epoch().equals(epoch)) {
        throw Failure.ROOM_NOT_FOUND.exception("Chat room " + (room == null ? key : room.id()) + " was closed.");
      }
      return room.events();
    });
  }

  /**
   * A user left the network: the room it owned closes, the room it was in loses it. Yields
   * the event (published already), or null when there is none (or another instance got there first).
   */
  Future<RoomEvent> departed(User user) {
    return members.get(user.session()).compose(membership -> {
      if (membership == null) {
        return Future.succeededFuture(null);
      }
      String key = membership.getString("room");
      String epoch = membership.getString("epoch");
      return rooms.apply(key, new ReadRoom(-1)).compose(room -> {
        if (room != null && epoch.equals(room.epoch()) && isOwner(room, user)) {
          return close(key, epoch, user).recover(err -> Future.succeededFuture(null));
        }
        return leave(key, epoch, user, RoomEvent.LEAVE, room);
      });
    });
  }

  private Future<Void> enter(User user, String key, String epoch) {
    return members.put(user.session(), membership(key, epoch));
  }

  private static JsonObject membership(String key, String epoch) {
    return new JsonObject().put("room", key).put("epoch", epoch);
  }

  private static boolean isOwner(RoomView room, User user) {
    return user.session().equals(room.ownerSession());
  }

  private static void checkId(String id) {
    RoomIds.problem(id).ifPresent(problem -> {
      throw Failure.INVALID_INPUT.exception(problem);
    });
  }
}
