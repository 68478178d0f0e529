package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

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

  public static RoomEvent fromJson(JsonObject json) {
    return json == null ? null : new RoomEvent(json.getString("room"), json.getString("epoch"), json.getLong("seq", 0L),
        json.getString("kind"), json.getLong("userId", 0L), json.getString("name"), json.getString("text"),
        json.getLong("at", 0L), json.getString("requestId"));
  }
}
