package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

/** Asks the directory for a name, on behalf of a session held by gateway node {@code node}. */
public record Registration(String name, String node) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("node", node);
  }

  public static Registration fromJson(JsonObject json) {
    return json == null ? null : new Registration(json.getString("name"), json.getString("node"));
  }
}
