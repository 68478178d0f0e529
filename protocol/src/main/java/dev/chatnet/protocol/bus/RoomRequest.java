package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

/**
 * A user's request about a room: {@code room} as typed (create, join) or the room's key,
 * {@code epoch} once in the room (tells a room from a later one with the same id), and
 * {@code text} for a line said, with {@code requestId} so that a write the cluster retries
 * after a node failure numbers the line once.
 */
public record RoomRequest(String room, String epoch, User user, String text, String requestId) {

  /**
   * Lines in one say request at most ({@code {"lines": [...]}}): those a gateway gathers for one
   * room while its last ones are answered.
   */
  public static final int MAX_LINES = 64;

  public RoomRequest(String room, String epoch, User user, String text) {
    this(room, epoch, user, text, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("epoch", epoch).put("user", user == null ? null : user.toJson())
        .put("text", text).put("requestId", requestId);
  }

  public static RoomRequest fromJson(JsonObject json) {
    return json == null ? null : new RoomRequest(json.getString("room"), json.getString("epoch"),
        User.fromJson(json.getJsonObject("user")), json.getString("text"), json.getString("requestId"));
  }
}
