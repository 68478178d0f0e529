package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

/** Stores {@code message} in the mailbox of user {@code to}. */
public record Deposit(long to, DirectMessage message) {

  public JsonObject toJson() {
    return new JsonObject().put("to", to).put("message", message == null ? null : message.toJson());
  }

  public static Deposit fromJson(JsonObject json) {
    return json == null ? null : new Deposit(json.getLong("to", 0L), DirectMessage.fromJson(json.getJsonObject("message")));
  }
}
