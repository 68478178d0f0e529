package dev.chatnet.protocol.bus;

import io.vertx.core.json.JsonObject;

/** A direct message; {@code messageId} makes a retried deposit land once. */
public record DirectMessage(String messageId, long from, String fromName, String text, long sentAt) {

  public JsonObject toJson() {
    return new JsonObject().put("messageId", messageId).put("from", from).put("fromName", fromName).put("text", text)
        .put("sentAt", sentAt);
  }

  public static DirectMessage fromJson(JsonObject json) {
    return json == null ? null : new DirectMessage(json.getString("messageId"), json.getLong("from", 0L),
        json.getString("fromName"), json.getString("text"), json.getLong("sentAt", 0L));
  }
}
