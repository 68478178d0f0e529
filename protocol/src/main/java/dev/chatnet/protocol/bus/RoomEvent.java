package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Something that happened in a room, numbered: every member sees a room's events in
 * {@code seq} order. {@code kind} is one of the constants below.
 */
public record RoomEvent(String room, String epoch, long seq, String kind, long userId, String name, String text, long at,
                        String requestId) {

  public RoomEvent(String room, String epoch, long seq, String kind, long userId, String name, String text, long at) {
    this(room, epoch, seq, kind, userId, name, text, at, null);
  }

  public static final String MESSAGE = "message";
  public static final String JOIN = "join";
  public static final String LEAVE = "leave";
  /** A member dropped by its gateway for reading too slowly. */
  public static final String DROP = "drop";
  public static final String CLOSE = "close";

  /** The same JSON as Jackson's mapping, without its cost: every line said is one. */
  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("epoch", epoch).put("seq", seq).put("kind", kind).put("userId", userId)
        .put("name", name).put("text", text).put("at", at).put("requestId", requestId);
  }

  /**
   * One bus message for the events of one room numbered together: a lone event as itself, as
   * every version sends it; several as {@code {"events": [...]}}, in sequence order.
   */
  public static JsonObject batchToJson(List<RoomEvent> events) {
    if (events.size() == 1) {
      return events.get(0).toJson();
    }
    JsonArray all = new JsonArray(new ArrayList<>(events.size()));
    events.forEach(e -> all.add(e.toJson()));
    return new JsonObject().put("events", all);
  }

  /** The events of a message of {@link #batchToJson}, either form. */
  public static List<RoomEvent> batchFromJson(JsonObject json) {
    JsonArray all = json.getJsonArray("events");
    if (all == null) {
      return List.of(fromJson(json));
    }
    List<RoomEvent> events = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      events.add(fromJson(all.getJsonObject(i)));
    }
    return events;
  }

  public static RoomEvent fromJson(JsonObject json) {
    return json == null ? null : new RoomEvent(json.getString("room"), json.getString("epoch"), json.getLong("seq", 0L),
        json.getString("kind"), json.getLong("userId", 0L), json.getString("name"), json.getString("text"),
        json.getLong("at", 0L), json.getString("requestId"));
  }
}
