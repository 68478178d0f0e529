package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One room as seen by one gateway verticle: one event-bus consumer for the room's events,
 * however many of its members this gateway holds. Events are put back in sequence order
 * (they may arrive out of it when several service instances publish), missing ones are
 * fetched from the service, and each line is encoded once and written to every member.
 */
final class RoomChannel {

  /** How long an out-of-order event waits for the ones before it before they are fetched. */
  private static final long GAP_WAIT_MILLIS = 300;
  /** Delivered events kept for members whose join reply comes after events that follow it. */
  private static final int REPLAY = 64;
  /** Events kept while the first member's join is under way. */
  private static final int EARLY_LIMIT = 1024;

  private final RoomHub hub;
  private final String key;
  private final MessageConsumer<JsonObject> consumer;
  private final Map<Session, Long> members = new LinkedHashMap<>();
  private final TreeMap<Long, RoomEvent> pending = new TreeMap<>();
  private final List<RoomEvent> early = new ArrayList<>();
  private final ArrayDeque<RoomEvent> delivered = new ArrayDeque<>();
  private String epoch;
  private long expected;
  private int holds;
  private long gapTimer = -1;
  private boolean closed;

  RoomChannel(RoomHub hub, String key) {
    this.hub = hub;
    this.key = key;
    this.consumer = hub.vertx().eventBus().consumer(Addresses.roomEvents(key), message -> {
      try {
        onEvent(message.body().mapTo(RoomEvent.class));
      } catch (IllegalArgumentException e) {
        // Not an event of ours; nothing a member should see.
      }
    });
  }

  String key() {
    return key;
  }

  /** A session is about to create or join: listen first, so no event after its join is missed. */
  Future<Void> hold() {
    holds++;
    return consumer.completion();
  }

  /** The create or join failed. */
  void release() {
    holds--;
    closeIfUnused();
  }

  /** The session is in the room from event {@code joinSeq} on. */
  void add(Session session, String roomEpoch, long joinSeq) {
    if (epoch == null || !epoch.equals(roomEpoch)) {
      // A new epoch means the room was closed and made anew: anyone still here missed the close.
      new ArrayList<>(members.keySet()).forEach(s -> s.roomClosed(null));
      members.clear();
      pending.clear();
      delivered.clear();
      epoch = roomEpoch;
      expected = joinSeq + 1;
      early.stream().filter(e -> e.epoch().equals(roomEpoch) && e.seq() >= expected).forEach(e -> pending.put(e.seq(), e));
      early.clear();
    }
    members.put(session, joinSeq);
    holds--;
    for (RoomEvent event : delivered) {
      if (event.seq() > joinSeq) {
        session.deliverRoomLine(encode(event), event);
      }
    }
    drain();
  }

  void remove(Session session) {
    members.remove(session);
    closeIfUnused();
  }

  private void onEvent(RoomEvent event) {
    if (epoch == null) {
      if (early.size() < EARLY_LIMIT) {
        early.add(event);
      }
      return;
    }
    if (!epoch.equals(event.epoch()) || event.seq() < expected) {
      return;
    }
    pending.put(event.seq(), event);
    drain();
  }

  private void drain() {
    RoomEvent next;
    while ((next = pending.remove(expected)) != null) {
      expected++;
      deliver(next);
      if (epoch == null) {
        return;
      }
    }
    if (pending.isEmpty()) {
      cancelGapTimer();
    } else if (gapTimer < 0) {
      gapTimer = hub.vertx().setTimer(GAP_WAIT_MILLIS, id -> {
        gapTimer = -1;
        fillGap();
      });
    }
  }

  /** Asks the service for the events missing before the first pending one; skips what it cannot give. */
  private void fillGap() {
    if (pending.isEmpty() || epoch == null) {
      return;
    }
    String askedEpoch = epoch;
    JsonObject request = new JsonObject().put("room", key).put("epoch", epoch).put("after", expected - 1);
    hub.services().request(Addresses.CHATROOM_EVENTS, request).onComplete(reply -> {
      if (!askedEpoch.equals(epoch)) {
        return;
      }
      if (reply.succeeded()) {
        reply.result().getJsonArray("events").forEach(e -> onEvent(((JsonObject) e).mapTo(RoomEvent.class)));
      }
      if (!pending.isEmpty() && pending.firstKey() > expected) {
        expected = pending.firstKey();
        drain();
      }
    });
  }

  private void deliver(RoomEvent event) {
    if (RoomEvent.CLOSE.equals(event.kind())) {
      String line = RoomLines.of(event);
      List<Session> all = new ArrayList<>(members.keySet());
      members.clear();
      epoch = null;
      pending.clear();
      delivered.clear();
      all.forEach(s -> s.roomClosed(line));
      closeIfUnused();
      return;
    }
    Buffer line = encode(event);
    // Copy: a member too slow to keep up is dropped while we go.
    for (Map.Entry<Session, Long> member : new ArrayList<>(members.entrySet())) {
      if (member.getValue() < event.seq()) {
        member.getKey().deliverRoomLine(line, event);
      }
    }
    delivered.addLast(event);
    if (delivered.size() > REPLAY) {
      delivered.removeFirst();
    }
  }

  private static Buffer encode(RoomEvent event) {
    return Buffer.buffer(Frames.encode(new Frame.Event(RoomLines.of(event)))).appendByte((byte) '\n');
  }

  private void closeIfUnused() {
    if (members.isEmpty() && holds == 0 && !closed) {
      closed = true;
      cancelGapTimer();
      consumer.unregister();
      hub.forget(this);
    }
  }

  private void cancelGapTimer() {
    if (gapTimer >= 0) {
      hub.vertx().cancelTimer(gapTimer);
      gapTimer = -1;
    }
  }
}
