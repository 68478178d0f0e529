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
import java.util.function.BiConsumer;

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
  private final RoomWrites writes;

  /** {@code publish} gets every event as its change is written, in the order they were numbered. */
  Rooms(AsyncMap<String, JsonObject> rooms, AsyncMap<String, JsonObject> members, int historySize,
        Transcripts transcripts, BiConsumer<String, RoomEvent> publish) {
    this.rooms = rooms;
    this.members = members;
    this.historySize = historySize;
    this.writes = new RoomWrites(this::apply, this::settle, transcripts, publish);
  }

  /** A change to a room, made with the others waiting for the same room in one compare-and-set. */
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
      return enter(owner, key, room.getString("epoch")).map(v -> joined(key, room, 0));
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

  /**
   * Makes the changes to one room, in order, with one compare-and-set for all of them. A line
   * is refused ROOM_NOT_FOUND when the room (its epoch of it) is gone, a join when there is no
   * such room; a line already numbered (its write retried) yields the event it got the first
   * time. The room is copied once for the whole batch.
   */
  private Future<List<Done>> apply(String key, List<Change> changes) {
    Done[] done = new Done[changes.size()];
    return AtomicUpdate.of(rooms, key, room -> {
      JsonObject current = room;
      boolean copied = false;
      for (int i = 0; i < changes.size(); i++) {
        Change change = changes.get(i);
        RoomEvent event;
        try {
          if (change instanceof Line line) {
            checkOpen(current, key, line.epoch());
            RoomEvent found = line.requestId() == null ? null : findRequest(current.getJsonArray("recent"), line.requestId());
            if (found != null) {
              done[i] = new Done(found, false, null, null);
              continue;
            }
            RoomEvent fresh = event(current, RoomEvent.MESSAGE, line.user(), line.text());
            event = new RoomEvent(fresh.room(), fresh.epoch(), fresh.seq(), fresh.kind(), fresh.userId(), fresh.name(),
                fresh.text(), fresh.at(), line.requestId());
          } else if (change instanceof Entry entry) {
            if (current == null) {
              throw Failure.ROOM_NOT_FOUND.exception("Chat room " + entry.id() + " does not exist.");
            }
            event = event(current, RoomEvent.JOIN, entry.user(), null);
          } else if (change instanceof Exit exit) {
            if (current == null || !exit.epoch().equals(current.getString("epoch"))) {
              done[i] = new Done(null, false, null, null);
              continue;
            }
            event = event(current, exit.kind(), exit.user(), null);
          } else {
            Closing closing = (Closing) change;
            checkOpen(current, key, closing.epoch());
            if (!isOwner(current, closing.user())) {
              String owner = current.getJsonObject("owner").getString("name");
              throw Failure.NOT_ALLOWED.exception("Only the owner (" + owner + ") can close chat room " + current.getString("id") + ".");
            }
            done[i] = new Done(event(current, RoomEvent.CLOSE, closing.user(), null), true, null, null);
            // What comes after it in the batch finds the room gone.
            current = null;
            copied = true;
            continue;
          }
        } catch (RuntimeException refused) {
          done[i] = new Done(null, false, refused, null);
          continue;
        }
        if (!copied) {
          current = current.copy();
          copied = true;
        }
        add(current, event);
        done[i] = new Done(event, true, null, change instanceof Entry ? joined(key, current, event.seq()) : null);
      }
      return copied ? current : room;
    }).map(room -> List.of(done));
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
   * Takes the user out of the room: yields the leave event (published), or null when the user
   * was not in it (already left, or the room is gone).
   */
  Future<RoomEvent> leave(String key, String epoch, User user, String kind) {
    return rooms.get(key).compose(current -> leave(key, epoch, user, kind, current));
  }

  /** {@link #leave}, with the room as just read. */
  private Future<RoomEvent> leave(String key, String epoch, User user, String kind, JsonObject current) {
    if (current != null && epoch.equals(current.getString("epoch")) && isOwner(current, user)) {
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
    return rooms.get(key).map(room -> {
      checkOpen(room, key, epoch);
      return events(room.getJsonArray("recent")).stream().filter(e -> e.seq() > after).toList();
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
      return rooms.get(key).compose(room -> {
        if (room != null && epoch.equals(room.getString("epoch")) && isOwner(room, user)) {
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

  private RoomJoined joined(String key, JsonObject room, long seq) {
    return new RoomJoined(room.getString("id"), key, room.getString("epoch"), seq,
        room.getJsonObject("owner").getString("name"), events(room.getJsonArray("history")));
  }

  private static RoomEvent event(JsonObject room, String kind, User user, String text) {
    return new RoomEvent(room.getString("id"), room.getString("epoch"), room.getLong("seq") + 1, kind,
        user.id(), user.name(), text, System.currentTimeMillis());
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
