package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

/**
 * A connected user. {@code session} is unique for ever, so a later user who happens to get
 * the same id is never mistaken for this one; {@code node} is the gateway node holding it.
 */
public record User(long id, String name, String session, String node, long joinedAt) {

  /** The same JSON as Jackson's mapping, without its cost: users travel with most requests. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("session", session).put("node", node).put("joinedAt", joinedAt);
  }

  public static User fromJson(JsonObject json) {
    return json == null ? null : new User(json.getLong("id", 0L), json.getString("name"), json.getString("session"),
        json.getString("node"), json.getLong("joinedAt", 0L));
  }
}
