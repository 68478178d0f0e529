package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomIds;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.AtomicUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.UUID;

/**
 * Rooms in two cluster-wide maps. {@code rooms}: room key to the room (owner, epoch, the
 * last sequence number, recent events); every event is numbered by a compare-and-set on its
 * room, so a room has one sequence whichever instance serves the request. {@code members}:
 * user session to the room it is in, so a departure can be turned into a leave or a close
 * by any instance.
 */
final class Rooms {

  static final String ROOMS_MAP = "chatroom.rooms";
  static final String MEMBERS_MAP = "chatroom.members";
  /** Events kept per room for gateways that missed one. */
  static final int RECENT_EVENTS = 64;

  private final AsyncMap<String, JsonObject> rooms;
  private final AsyncMap<String, JsonObject> members;
  private final int historySize;

  Rooms(AsyncMap<String, JsonObject> rooms, AsyncMap<String, JsonObject> members, int historySize) {
    this.rooms = rooms;
    this.members = members;
    this.historySize = historySize;
  }

  Future<RoomJoined> create(String id, User owner) {
    checkId(id);
    String key = RoomIds.key(id);
    JsonObject room = new JsonObject()
        .put("id", id)
        .put("epoch", UUID.randomUUID().toString())
        .put("owner", owner.toJson())
        .put("seq", 0L)
        .put("history", new JsonArray())
        .put("recent", new JsonArray());
    return rooms.putIfAbsent(key, room).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(Failure.ROOM_EXISTS.exception("Chat room " + existing.getString("id") + " already exists."));
      }
      return enter(owner, key, room).map(v -> joined(key, room, 0));
    });
  }

  /** Joins and yields the join event with the room, or fails ROOM_NOT_FOUND. */
  Future<Joined> join(String id, User user) {
    checkId(id);
    String key = RoomIds.key(id);
    RoomEvent[] event = new RoomEvent[1];
    return AtomicUpdate.of(rooms, key, room -> {
      if (room == null) {
        throw Failure.ROOM_NOT_FOUND.exception("Chat room " + id + " does not exist.");
      }
      event[0] = event(room, RoomEvent.JOIN, user, null);
      return append(room, event[0]);
    }).compose(room -> enter(user, key, room).map(v -> new Joined(joined(key, room, event[0].seq()), event[0])));
  }

  record Joined(RoomJoined room, RoomEvent event) {
  }

  /** A line to say in a room, and what came of it: its event, or why it was refused. */
  record Line(String epoch, User user, String text, String requestId) {
  }

  /** {@code fresh}: numbered now, not found numbered by an earlier try of the same request. */
  record Said(RoomEvent event, boolean fresh, RuntimeException refused) {
  }

  /**
   * Numbers lines said in one room, in order, with one compare-and-set for all of them. A line
   * is refused ROOM_NOT_FOUND when the room (its epoch of it) is gone. A line already numbered
   * (its write retried) yields the event it got the first time.
   */
  Future<List<Said>> say(String key, List<Line> lines) {
    Said[] said = new Said[lines.size()];
    return AtomicUpdate.of(rooms, key, room -> {
      JsonObject next = null;
      for (int i = 0; i < lines.size(); i++) {
        Line line = lines.get(i);
        JsonObject current = next == null ? room : next;
        try {
          checkOpen(current, key, line.epoch());
        } catch (RuntimeException refused) {
          said[i] = new Said(null, false, refused);
          continue;
        }
        RoomEvent done = line.requestId() == null ? null : findRequest(current.getJsonArray("recent"), line.requestId());
        if (done != null) {
          said[i] = new Said(done, false, null);
          continue;
        }
        RoomEvent fresh = event(current, RoomEvent.MESSAGE, line.user(), line.text());
        RoomEvent event = new RoomEvent(fresh.room(), fresh.epoch(), fresh.seq(), fresh.kind(), fresh.userId(), fresh.name(),
            fresh.text(), fresh.at(), line.requestId());
        if (next == null) {
          next = room.copy(); // one copy for the whole batch
        }
        add(next, event);
        said[i] = new Said(event, true, null);
      }
      return next == null ? room : next;
    }).map(room -> List.of(said));
  }

  private static RoomEvent findRequest(JsonArray recent, String requestId) {
    for (int i = recent.size() - 1; i >= 0; i--) {
      JsonObject event = recent.getJsonObject(i);
      if (requestId.equals(event.getString("requestId"))) {
        return RoomEvent.fromJson(event);
      }
    }
    return null;
  }

  /**
   * Takes the user out of the room: yields the leave event, or null when the user was not in
   * it (already left, or the room is gone).
   */
  Future<RoomEvent> leave(String key, String epoch, User user, String kind) {
    return rooms.get(key).compose(current -> {
      if (current != null && epoch.equals(current.getString("epoch")) && isOwner(current, user)) {
        return Future.failedFuture(Failure.NOT_ALLOWED.exception("The owner closes the room with 'exit'."));
      }
      return members.removeIfPresent(user.session(), membership(key, epoch));
    }).compose(removed -> {
      if (!removed) {
        return Future.succeededFuture(null);
      }
      RoomEvent[] event = new RoomEvent[1];
      return AtomicUpdate.of(rooms, key, room -> {
        if (room == null || !epoch.equals(room.getString("epoch"))) {
          return room;
        }
        event[0] = event(room, kind, user, null);
        return append(room, event[0]);
      }).map(room -> event[0]);
    });
  }

  /** Closes the room if {@code user} owns it; yields the close event. */
  Future<RoomEvent> close(String key, String epoch, User user) {
    RoomEvent[] event = new RoomEvent[1];
    return AtomicUpdate.of(rooms, key, room -> {
      checkOpen(room, key, epoch);
      if (!isOwner(room, user)) {
        String owner = room.getJsonObject("owner").getString("name");
        throw Failure.NOT_ALLOWED.exception("Only the owner (" + owner + ") can close chat room " + room.getString("id") + ".");
      }
      event[0] = event(room, RoomEvent.CLOSE, user, null);
      return null;
    }).compose(removed -> members.removeIfPresent(user.session(), membership(key, epoch)).map(event[0]));
  }

  /** Events of the room after {@code after}, from the recent ones kept. */
  Future<List<RoomEvent>> eventsAfter(String key, String epoch, long after) {
    return rooms.get(key).map(room -> {
      checkOpen(room, key, epoch);
      return events(room.getJsonArray("recent")).stream().filter(e -> e.seq() > after).toList();
    });
  }

  /**
   * A user left the network: the room it owned closes, the room it was in loses it. Yields
   * the event to publish, or null when there is none (or another instance got there first).
   */
  Future<RoomEvent> departed(User user) {
    return members.get(user.session()).compose(membership -> {
      if (membership == null) {
        return Future.succeededFuture(null);
      }
      String key = membership.getString("room");
      String epoch = membership.getString("epoch");
      return rooms.get(key).compose(room -> {
        if (room != null && epoch.equals(room.getString("epoch")) && isOwner(room, user)) {
          return close(key, epoch, user).recover(err -> Future.succeededFuture(null));
        }
        return leave(key, epoch, user, RoomEvent.LEAVE);
      });
    });
  }

  private Future<Void> enter(User user, String key, JsonObject room) {
    return members.put(user.session(), membership(key, room.getString("epoch")));
  }

  private static JsonObject membership(String key, String epoch) {
    return new JsonObject().put("room", key).put("epoch", epoch);
  }

  private RoomJoined joined(String key, JsonObject room, long seq) {
    return new RoomJoined(room.getString("id"), key, room.getString("epoch"), seq,
        room.getJsonObject("owner").getString("name"), events(room.getJsonArray("history")));
  }

  private static RoomEvent event(JsonObject room, String kind, User user, String text) {
    return new RoomEvent(room.getString("id"), room.getString("epoch"), room.getLong("seq") + 1, kind,
        user.id(), user.name(), text, System.currentTimeMillis());
  }

  /** The room with the event numbered in: the next sequence number, and kept for those who need it. */
  private JsonObject append(JsonObject room, RoomEvent event) {
    JsonObject next = room.copy();
    add(next, event);
    return next;
  }

  /** Numbers the event into {@code room}, which it changes. */
  private void add(JsonObject room, RoomEvent event) {
    JsonObject json = event.toJson();
    room.put("seq", event.seq());
    bounded(room.getJsonArray("recent"), json, RECENT_EVENTS);
    if (RoomEvent.MESSAGE.equals(event.kind()) && historySize > 0) {
      bounded(room.getJsonArray("history"), json, historySize);
    }
  }

  private static void bounded(JsonArray array, JsonObject item, int limit) {
    array.add(item);
    while (array.size() > limit) {
      array.remove(0);
    }
  }

  private static boolean isOwner(JsonObject room, User user) {
    return user.session().equals(room.getJsonObject("owner").getString("session"));
  }

  private static void checkId(String id) {
    RoomIds.problem(id).ifPresent(problem -> {
      throw Failure.INVALID_INPUT.exception(problem);
    });
  }

  private static void checkOpen(JsonObject room, String key, String epoch) {
    if (room == null || !room.getString("epoch").equals(epoch)) {
      throw Failure.ROOM_NOT_FOUND.exception("Chat room " + (room == null ? key : room.getString("id")) + " was closed.");
    }
  }

  private static List<RoomEvent> events(JsonArray array) {
    return array.stream().map(e -> RoomEvent.fromJson((JsonObject) e)).toList();
  }
}
