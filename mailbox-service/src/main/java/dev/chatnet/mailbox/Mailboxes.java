package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.runtime.AtomicUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Mailboxes in one cluster-wide map: user id to {@code {"session": s, "messages": [...],
 * "lastDrain": {...}}}.
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

  /** A deposit for a session found a mailbox of another session, and was not told which is current. */
  static final class OtherSession extends RuntimeException {
    OtherSession() {
      super("The mailbox belongs to another session", null, false, false);
    }
  }

  /**
   * Appends the message unless its id is there already (a retried deposit). A mailbox of
   * another session is an earlier user's with the same id, and replaced, if {@code current}
   * says the directory has just named {@code session}; otherwise the deposit fails with
   * {@link OtherSession}, for the mailbox may be the newer one.
   */
  Future<Void> deposit(long owner, String session, DirectMessage message, boolean current) {
    JsonObject entry = message.toJson();
    return AtomicUpdate.of(boxes, String.valueOf(owner), box -> {
      if (box != null && !current && !session.equals(box.getString("session"))) {
        throw new OtherSession();
      }
      return add(box, owner, session, message, entry);
    }).mapEmpty();
  }

  private JsonObject add(JsonObject current, long owner, String session, DirectMessage message, JsonObject entry) {
    boolean mine = current != null && session.equals(current.getString("session"));
    JsonArray messages = mine ? current.getJsonArray("messages") : new JsonArray();
    JsonObject lastDrain = mine ? current.getJsonObject("lastDrain") : null;
    // A retried deposit finds its message still waiting, or in what the last drain took.
    if (holds(messages, message.messageId())
        || lastDrain != null && holds(lastDrain.getJsonArray("messages"), message.messageId())) {
      return current;
    }
    if (messages.size() >= capacity) {
      throw Failure.MAILBOX_FULL.exception("The mailbox of user " + owner + " is full.");
    }
    // A new value around the same messages, not a deep copy: values in the map are never
    // changed in place, so they can be shared, and copying grew with the mailbox.
    List<Object> grown = new ArrayList<>(messages.size() + 1);
    grown.addAll(messages.getList());
    grown.add(entry);
    JsonObject next = new JsonObject().put("session", session).put("messages", new JsonArray(grown));
    if (lastDrain != null) {
      // The last drain stays: a retried drain must still find what it took.
      next.put("lastDrain", lastDrain);
    }
    return next;
  }

  /**
   * Takes every message out of the mailbox, oldest first, as drain {@code token}. What a drain
   * took stays in the mailbox until the next drain acknowledges it ({@code ack}, the token of
   * the last drain its caller showed): if the answer to a drain never reached the user (a
   * timeout, a node that died after writing), the next drain hands those messages out again.
   * A drain the cluster retries after writing it already yields the same messages.
   */
  Future<List<DirectMessage>> drain(long owner, String session, String token, String ack) {
    return AtomicUpdate.of(boxes, String.valueOf(owner), current -> {
      if (current == null || !session.equals(current.getString("session"))) {
        return current;
      }
      JsonObject last = current.getJsonObject("lastDrain");
      if (last != null && token.equals(last.getString("token"))) {
        return current;
      }
      JsonArray taken = new JsonArray();
      if (last != null && !last.getString("token").equals(ack)) {
        taken.addAll(last.getJsonArray("messages"));
      }
      taken.addAll(current.getJsonArray("messages"));
      return new JsonObject()
          .put("session", session)
          .put("messages", new JsonArray())
          .put("lastDrain", new JsonObject().put("token", token).put("messages", taken));
    }).map(box -> {
      JsonObject last = box == null ? null : box.getJsonObject("lastDrain");
      if (last == null || !token.equals(last.getString("token"))) {
        return List.<DirectMessage>of();
      }
      return last.getJsonArray("messages").stream()
          .map(m -> DirectMessage.fromJson((JsonObject) m))
          .toList();
    });
  }

  private static boolean holds(JsonArray messages, String messageId) {
    for (int i = 0; i < messages.size(); i++) {
      if (messageId.equals(messages.getJsonObject(i).getString("messageId"))) {
        return true;
      }
    }
    return false;
  }

  /** Drops the mailbox if it still belongs to {@code session}. */
  Future<Void> drop(long owner, String session) {
    String key = String.valueOf(owner);
    return boxes.get(key).compose(current -> current != null && session.equals(current.getString("session"))
        ? boxes.removeIfPresent(key, current).mapEmpty()
        : Future.succeededFuture());
  }
}
