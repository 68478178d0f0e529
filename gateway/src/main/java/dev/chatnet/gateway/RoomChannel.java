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
import java.util.concurrent.TimeUnit;

/**
 * One room as seen by one gateway verticle: one event-bus consumer for the room's events,
 * however many of its members this gateway holds. Events are put back in sequence order
 * (they may arrive out of it when several service instances publish), missing ones are
 * fetched from the service, and each line is encoded once. Lines gather between flushes and
 * go out together: one buffer, one write and one flush per member, shared by every member who
 * said none of them. A flush follows the last one by at least {@code room-flush-interval} and
 * by four times what the last one took; the first line after a quiet spell goes at once.
 * Lines said here go to the service by the room's {@link SayLane}.
 */
final class RoomChannel {

  /** How long an out-of-order event waits for the ones before it before they are fetched. */
  private static final long GAP_WAIT_MILLIS = 300;
  /** Delivered events kept for members whose join reply comes after events that follow it. */
  private static final int REPLAY = 64;
  /** Events kept while the first member's join is under way. */
  private static final int EARLY_LIMIT = 1024;
  private static final long FLUSH_COST_FACTOR = 4;

  private final RoomHub hub;
  private final String key;
  private final MessageConsumer<JsonObject> consumer;
  private final SayLane says;
  private final Map<RoomMember, Long> members = new LinkedHashMap<>();
  private final TreeMap<Long, RoomEvent> pending = new TreeMap<>();
  private final List<RoomEvent> early = new ArrayList<>();
  private final ArrayDeque<RoomEvent> delivered = new ArrayDeque<>();
  private final List<RoomEvent> batch = new ArrayList<>();
  private final List<Buffer> batchLines = new ArrayList<>();
  private String epoch;
  private long expected;
  private int holds;
  private long gapTimer = -1;
  private long lastFlush = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private boolean flushDue;
  /** How long the last flush took: a room whose flushes cost more waits longer between them. */
  private long lastFlushCost;
  private boolean closed;

  RoomChannel(RoomHub hub, String key) {
    this.hub = hub;
    this.key = key;
    this.says = new SayLane(hub.services());
    this.consumer = hub.vertx().eventBus().consumer(Addresses.roomEvents(key), message -> {
      try {
        onEvents(RoomEvent.batchFromJson(message.body()));
      } catch (ClassCastException | NullPointerException e) {
        // Not an event of ours; nothing a member should see.
      }
    });
  }

  String key() {
    return key;
  }

  /** A user is about to create or join: listen first, so no event after its join is missed. */
  Future<Void> hold() {
    holds++;
    return consumer.completion();
  }

  /** The create or join failed. */
  void release() {
    holds--;
    closeIfUnused();
  }

  /** The member is in the room from event {@code joinSeq} on. */
  void add(RoomMember member, String roomEpoch, long joinSeq) {
    if (epoch == null || !epoch.equals(roomEpoch)) {
      // A new epoch means the room was closed and made anew: anyone still here missed the close.
      new ArrayList<>(members.keySet()).forEach(s -> s.roomClosed(null));
      members.clear();
      pending.clear();
      delivered.clear();
      batch.clear();
      batchLines.clear();
      epoch = roomEpoch;
      expected = joinSeq + 1;
      early.stream().filter(e -> e.epoch().equals(roomEpoch) && e.seq() >= expected).forEach(e -> pending.put(e.seq(), e));
      early.clear();
    }
    members.put(member, joinSeq);
    holds--;
    // The lines still gathering reach it with the next flush, like everyone's; the replay is of
    // those before them. Not flushing here spares a big room a write to every member per join.
    long gathering = batch.isEmpty() ? Long.MAX_VALUE : batch.get(0).seq();
    Buffer replay = Buffer.buffer();
    for (RoomEvent event : delivered) {
      if (event.seq() > joinSeq && event.seq() < gathering && event.userId() != member.userId()) {
        replay.appendBuffer(encode(event));
      }
    }
    if (replay.length() > 0) {
      member.deliver(replay);
    }
    drain();
  }

  /** Where the lines its members say here go. */
  SayLane says() {
    return says;
  }

  void remove(RoomMember member) {
    members.remove(member);
    closeIfUnused();
  }

  /** Events in one message, numbered together by the service. */
  private void onEvents(List<RoomEvent> events) {
    if (epoch == null) {
      events.stream().limit(Math.max(0, EARLY_LIMIT - early.size())).forEach(early::add);
      return;
    }
    boolean any = false;
    for (RoomEvent event : events) {
      if (epoch.equals(event.epoch()) && event.seq() >= expected) {
        pending.put(event.seq(), event);
        any = true;
      }
    }
    if (any) {
      drain();
    }
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
        onEvents(RoomEvent.batchFromJson(reply.result()));
      }
      if (!pending.isEmpty() && pending.firstKey() > expected) {
        expected = pending.firstKey();
        drain();
      }
    });
  }

  private void deliver(RoomEvent event) {
    if (RoomEvent.CLOSE.equals(event.kind())) {
      flush();
      String line = RoomLines.of(event);
      List<RoomMember> all = new ArrayList<>(members.keySet());
      members.clear();
      epoch = null;
      pending.clear();
      delivered.clear();
      all.forEach(s -> s.roomClosed(line));
      closeIfUnused();
      return;
    }
    if (!flushDue) {
      // A write to every member per line costs a system call each, and lines that wait a
      // little share one. The first line after a quiet spell goes at once.
      flushDue = true;
      // A big room spends at most about a fifth of its event loop on writing lines out.
      long gap = Math.max(hub.flushNanos(), FLUSH_COST_FACTOR * lastFlushCost);
      long wait = gap - (System.nanoTime() - lastFlush);
      if (wait <= 0) {
        // After the events already queued on this event loop, so they join the batch.
        hub.context().runOnContext(v -> flush());
      } else {
        hub.vertx().setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> flush());
      }
    }
    batch.add(event);
    batchLines.add(encode(event));
    delivered.addLast(event);
    if (delivered.size() > REPLAY) {
      delivered.removeFirst();
    }
  }

  /** Writes the lines gathered to every member; a member gets none of its own, nor any from before its join. */
  private void flush() {
    flushDue = false;
    if (batch.isEmpty()) {
      return;
    }
    lastFlush = System.nanoTime();
    Buffer all = batchLines.size() == 1 ? batchLines.get(0) : concat(batchLines);
    long firstSeq = batch.get(0).seq();
    long delivered = 0;
    // Copy: a member too slow to keep up is dropped while we go.
    for (Map.Entry<RoomMember, Long> entry : new ArrayList<>(members.entrySet())) {
      RoomMember member = entry.getKey();
      long joinSeq = entry.getValue();
      long userId = member.userId();
      if (joinSeq < firstSeq && !saidAny(userId)) {
        delivered += member.deliver(all) ? batch.size() : 0;
        continue;
      }
      Buffer own = Buffer.buffer();
      int lines = 0;
      for (int i = 0; i < batch.size(); i++) {
        RoomEvent event = batch.get(i);
        if (event.seq() > joinSeq && event.userId() != userId) {
          own.appendBuffer(batchLines.get(i));
          lines++;
        }
      }
      if (own.length() > 0) {
        delivered += member.deliver(own) ? lines : 0;
      }
    }
    hub.services().meters().delivered(delivered);
    batch.clear();
    batchLines.clear();
    lastFlushCost = System.nanoTime() - lastFlush;
  }

  /** The user's own lines are on their screen where they typed them; their leaving they know. */
  private boolean saidAny(long userId) {
    for (RoomEvent event : batch) {
      if (event.userId() == userId) {
        return true;
      }
    }
    return false;
  }

  private static Buffer concat(List<Buffer> lines) {
    int length = 0;
    for (Buffer line : lines) {
      length += line.length();
    }
    Buffer all = Buffer.buffer(length);
    lines.forEach(all::appendBuffer);
    return all;
  }

  private static Buffer encode(RoomEvent event) {
    return Frames.line(new Frame.Event(RoomLines.of(event)));
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
