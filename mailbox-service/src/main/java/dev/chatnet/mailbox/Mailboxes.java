package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.runtime.AtomicUpdate;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  /**
   * The message ids of the mailbox values this instance wrote last, when the map hands back
   * the very instances written (the local map does; a cluster map hands back copies): a
   * deposit then checks for a retry in one lookup instead of scanning every message waiting.
   */
  private final Map<String, Ids> ids;

  /** The ids held by {@code box}, which was written with them. */
  private record Ids(JsonObject box, Set<String> held) {
  }

  /** The ids of the value a deposit is writing. */
  private static final class Written {
    Set<String> held;
  }

  Mailboxes(AsyncMap<String, JsonObject> boxes, int capacity, boolean sameInstances) {
    this.boxes = boxes;
    this.capacity = capacity;
    this.ids = sameInstances ? new HashMap<>() : null;
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
    String key = String.valueOf(owner);
    Written written = new Written();
    return AtomicUpdate.of(boxes, key, box -> {
      if (box != null && !current && !session.equals(box.getString("session"))) {
        throw new OtherSession();
      }
      written.held = null;
      return add(key, box, owner, session, message, entry, written);
    }).map(box -> {
      if (written.held != null) {
        ids.put(key, new Ids(box, written.held));
      }
      return null;
    });
  }

  private JsonObject add(String key, JsonObject current, long owner, String session, DirectMessage message, JsonObject entry,
                         Written written) {
    boolean mine = current != null && session.equals(current.getString("session"));
    JsonArray messages = mine ? current.getJsonArray("messages") : new JsonArray();
    JsonObject lastDrain = mine ? current.getJsonObject("lastDrain") : null;
    JsonArray drained = lastDrain == null ? null : lastDrain.getJsonArray("messages");
    // A retried deposit finds its message still waiting, or in what the last drain took.
    Set<String> held = ids == null ? null : mine ? held(key, current, messages, drained) : new HashSet<>();
    if (held != null ? held.contains(message.messageId())
        : holds(messages, message.messageId()) || drained != null && holds(drained, message.messageId())) {
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
    if (held != null) {
      // Changed in place: should this write lose its race, the value these ids were kept for
      // is no longer in the map, so they are never taken for it again.
      held.add(message.messageId());
      written.held = held;
    }
    return next;
  }

  /** The ids in {@code box}: remembered if this instance wrote it, else gathered once. */
  private Set<String> held(String key, JsonObject box, JsonArray messages, JsonArray drained) {
    Ids known = ids.get(key);
    if (known != null && known.box() == box) {
      return known.held();
    }
    Set<String> held = new HashSet<>();
    collect(messages, held);
    if (drained != null) {
      collect(drained, held);
    }
    return held;
  }

  private static void collect(JsonArray messages, Set<String> into) {
    for (int i = 0; i < messages.size(); i++) {
      into.add(messages.getJsonObject(i).getString("messageId"));
    }
  }

  /**
   * Takes every message out of the mailbox, oldest first, as drain {@code token}. What a drain
   * took stays in the mailbox until the next drain acknowledges it ({@code ack}, the token of
   * the last drain its caller showed): if the answer to a drain never reached the user (a
   * timeout, a node that died after writing), the next drain hands those messages out again.
   * A drain the cluster retries after writing it already yields the same messages. A drain
   * that finds nothing new writes nothing, and answers with the token of the last drain.
   */
  Future<Drained> drain(long owner, String session, String token, String ack) {
    return AtomicUpdate.of(boxes, String.valueOf(owner), current -> {
      if (current == null || !session.equals(current.getString("session"))) {
        return current;
      }
      JsonObject last = current.getJsonObject("lastDrain");
      if (last != null && token.equals(last.getString("token"))) {
        return current;
      }
      boolean lastAcknowledged = last == null || last.getString("token").equals(ack);
      if (lastAcknowledged && current.getJsonArray("messages").isEmpty()) {
        // Nothing to hand out: nothing is written, and the last drain stays the one to acknowledge.
        return current;
      }
      JsonArray taken = new JsonArray();
      if (!lastAcknowledged) {
        taken.addAll(last.getJsonArray("messages"));
      }
      taken.addAll(current.getJsonArray("messages"));
      return new JsonObject()
          .put("session", session)
          .put("messages", new JsonArray())
          .put("lastDrain", new JsonObject().put("token", token).put("messages", taken));
    }).map(box -> {
      JsonObject last = box == null || !session.equals(box.getString("session")) ? null : box.getJsonObject("lastDrain");
      if (last == null) {
        return new Drained(token, List.of());
      }
      if (!token.equals(last.getString("token"))) {
        return new Drained(last.getString("token"), List.of());
      }
      forgetIds(owner);
      List<DirectMessage> messages = last.getJsonArray("messages").stream()
          .map(m -> DirectMessage.fromJson((JsonObject) m))
          .toList();
      return new Drained(token, messages);
    });
  }

  /** What a drain handed out, and the token the next drain acknowledges once the user saw them. */
  record Drained(String token, List<DirectMessage> messages) {
  }

  /** The mailbox changes other than by a deposit: what was remembered of it is no use. */
  private void forgetIds(long owner) {
    if (ids != null) {
      ids.remove(String.valueOf(owner));
    }
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
    forgetIds(owner);
    String key = String.valueOf(owner);
    return boxes.get(key).compose(current -> current != null && session.equals(current.getString("session"))
        ? boxes.removeIfPresent(key, current).mapEmpty()
        : Future.succeededFuture());
  }
}
