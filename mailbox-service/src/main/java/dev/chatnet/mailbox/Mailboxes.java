package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.runtime.AtomicUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;

/**
 * Mailboxes in one cluster-wide map: user id to {@code {"session": s, "messages": [...]}}.
 * Deposit and drain are compare-and-set loops on the whole mailbox, so a message deposited
 * while a drain runs lands either in that drain or in the next, never in both or neither.
 * A mailbox of an earlier session that had the same id counts as empty.
 */
final class Mailboxes {

  static final String MAP = "mailbox.boxes";

  private final AsyncMap<String, JsonObject> boxes;
  private final int capacity;

  Mailboxes(AsyncMap<String, JsonObject> boxes, int capacity) {
    this.boxes = boxes;
    this.capacity = capacity;
  }

  /** Appends the message unless its id is there already (a retried deposit). */
  Future<Void> deposit(long owner, String session, DirectMessage message) {
    JsonObject entry = JsonObject.mapFrom(message);
    return AtomicUpdate.of(boxes, String.valueOf(owner), current -> {
      JsonArray messages = current != null && session.equals(current.getString("session"))
          ? current.getJsonArray("messages").copy()
          : new JsonArray();
      for (int i = 0; i < messages.size(); i++) {
        if (message.messageId().equals(messages.getJsonObject(i).getString("messageId"))) {
          return current;
        }
      }
      if (messages.size() >= capacity) {
        throw Failure.MAILBOX_FULL.exception("The mailbox of user " + owner + " is full.");
      }
      return new JsonObject().put("session", session).put("messages", messages.add(entry));
    }).mapEmpty();
  }

  /** Takes every message out of the mailbox, oldest first. */
  Future<List<DirectMessage>> drain(long owner, String session) {
    String key = String.valueOf(owner);
    return boxes.get(key).compose(current -> {
      if (current == null) {
        return Future.succeededFuture(List.<DirectMessage>of());
      }
      return boxes.removeIfPresent(key, current).compose(removed -> {
        if (!removed) {
          return drain(owner, session);
        }
        if (!session.equals(current.getString("session"))) {
          return Future.succeededFuture(List.<DirectMessage>of());
        }
        return Future.succeededFuture(current.getJsonArray("messages").stream()
            .map(m -> ((JsonObject) m).mapTo(DirectMessage.class))
            .toList());
      });
    });
  }

  /** Drops the mailbox if it still belongs to {@code session}. */
  Future<Void> drop(long owner, String session) {
    String key = String.valueOf(owner);
    return boxes.get(key).compose(current -> current != null && session.equals(current.getString("session"))
        ? boxes.removeIfPresent(key, current).mapEmpty()
        : Future.succeededFuture());
  }
}
