package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.runtime.AtomicUpdate;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mailboxes in one cluster-wide map: user id to {@code {"session": s, "messages": [...],
 * "lastDrain": {...}}}.
 * Deposit, drain and drop are compare-and-set loops on the whole mailbox, so a message
 * deposited while a drain runs lands either in that drain or in the next, never in both or
 * neither. A mailbox of an earlier session that had the same id counts as empty.
 *
 * <p>This instance writes one mailbox at a time: changes that come while a write is under way
 * wait, and go together in the next write, one compare-and-set for all of them. In a cluster a
 * compare-and-set is two round trips to the member that owns the mailbox, and concurrent ones
 * for a popular recipient lost their race about every other time.
 */
final class Mailboxes {

  static final String MAP = "mailbox.boxes";
  /** Changes in one write at most: bounds the work a lost race repeats. */
  private static final int MAX_BATCH = 256;

  private final AsyncMap<String, JsonObject> boxes;
  private final int capacity;
  /**
   * The message ids of mailbox values this instance made, when the map hands back the very
   * instances written (the local map does; a cluster map hands back copies): a deposit then
   * checks for a retry in one lookup instead of scanning every message waiting. Kept by
   * identity, so ids of a value that never reached the map are never taken for another's.
   */
  private final Map<String, Ids> ids;
  /** Changes waiting for the write under way on their mailbox, by key; a key is here while a write is. */
  private final Map<String, ArrayDeque<Change<?>>> waiting = new HashMap<>();

  /** The ids held by {@code box}, which was made with them. */
  private record Ids(JsonObject box, Set<String> held) {
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

  /** What a drain handed out, and the token the next drain acknowledges once the user saw them. */
  record Drained(String token, List<DirectMessage> messages) {
  }

  /**
   * One change to a mailbox, applied to the value read, in its turn among the changes written
   * together. It may be applied more than once (a lost race reads again); its outcome is that
   * of the application written.
   */
  private abstract static class Change<T> {
    final Promise<T> done = Promise.promise();
    T result;
    RuntimeException refusal;

    /** The mailbox after this change; the same instance for none, null to remove it. */
    abstract JsonObject apply(String key, JsonObject box);
  }

  /**
   * Appends the message unless its id is there already (a retried deposit). A mailbox of
   * another session is an earlier user's with the same id, and replaced, if {@code current}
   * says the directory has just named {@code session}; otherwise the deposit fails with
   * {@link OtherSession}, for the mailbox may be the newer one.
   */
  Future<Void> deposit(long owner, String session, DirectMessage message, boolean current) {
    JsonObject entry = message.toJson();
    return submit(String.valueOf(owner), new Change<Void>() {
      @Override
      JsonObject apply(String key, JsonObject box) {
        if (box != null && !current && !session.equals(box.getString("session"))) {
          throw new OtherSession();
        }
        return add(key, box, owner, session, message, entry);
      }
    });
  }

  private JsonObject add(String key, JsonObject current, long owner, String session, DirectMessage message, JsonObject entry) {
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
      // The set moves on to the new value; the value it was kept for is never written now.
      held.add(message.messageId());
      ids.put(key, new Ids(next, held));
    }
    return next;
  }

  /** The ids in {@code box}: remembered if this instance made it, else gathered once. */
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
    return submit(String.valueOf(owner), new Change<Drained>() {
      @Override
      JsonObject apply(String key, JsonObject box) {
        if (box == null || !session.equals(box.getString("session"))) {
          result = new Drained(token, List.of());
          return box;
        }
        JsonObject last = box.getJsonObject("lastDrain");
        if (last != null && token.equals(last.getString("token"))) {
          result = new Drained(token, messagesOf(last.getJsonArray("messages")));
          return box;
        }
        boolean lastAcknowledged = last == null || last.getString("token").equals(ack);
        if (lastAcknowledged && box.getJsonArray("messages").isEmpty()) {
          // Nothing to hand out: nothing is written, and the last drain stays the one to acknowledge.
          result = new Drained(last == null ? token : last.getString("token"), List.of());
          return box;
        }
        JsonArray taken = new JsonArray();
        if (!lastAcknowledged) {
          taken.addAll(last.getJsonArray("messages"));
        }
        taken.addAll(box.getJsonArray("messages"));
        result = new Drained(token, messagesOf(taken));
        forgetIds(key);
        return new JsonObject()
            .put("session", session)
            .put("messages", new JsonArray())
            .put("lastDrain", new JsonObject().put("token", token).put("messages", taken));
      }
    });
  }

  private static List<DirectMessage> messagesOf(JsonArray messages) {
    List<DirectMessage> list = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      list.add(DirectMessage.fromJson(messages.getJsonObject(i)));
    }
    return list;
  }

  /** Drops the mailbox if it still belongs to {@code session}. */
  Future<Void> drop(long owner, String session) {
    return submit(String.valueOf(owner), new Change<Void>() {
      @Override
      JsonObject apply(String key, JsonObject box) {
        if (box == null || !session.equals(box.getString("session"))) {
          return box;
        }
        forgetIds(key);
        return null;
      }
    });
  }

  /** The mailbox changes other than by a deposit: what was remembered of it is no use. */
  private void forgetIds(String key) {
    if (ids != null) {
      ids.remove(key);
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

  /** Writes {@code change} now, or with the changes that wait for the write under way on its mailbox. */
  private <T> Future<T> submit(String key, Change<T> change) {
    ArrayDeque<Change<?>> queue = waiting.get(key);
    if (queue != null) {
      queue.add(change);
    } else {
      queue = new ArrayDeque<>();
      queue.add(change);
      waiting.put(key, queue);
      write(key, queue);
    }
    return change.done.future();
  }

  /** One compare-and-set for what waits on {@code key}; then the next, until nothing waits. */
  private void write(String key, ArrayDeque<Change<?>> queue) {
    List<Change<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    AtomicUpdate.of(boxes, key, current -> {
      JsonObject box = current;
      for (Change<?> change : batch) {
        change.refusal = null;
        try {
          box = change.apply(key, box);
        } catch (OtherSession | ReplyException refused) {
          change.refusal = refused;
        }
      }
      return box;
    }).onComplete(written -> {
      for (Change<?> change : batch) {
        settle(change, written.succeeded() ? null : written.cause());
      }
      if (queue.isEmpty()) {
        waiting.remove(key);
      } else {
        write(key, queue);
      }
    });
  }

  private static <T> void settle(Change<T> change, Throwable failure) {
    if (failure != null) {
      change.done.fail(failure);
    } else if (change.refusal != null) {
      change.done.fail(change.refusal);
    } else {
      change.done.complete(change.result);
    }
  }
}
