package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to rooms: lines said, joins, leaves and closes. While a room's write is under way,
 * the changes that come for it wait and then go together: one compare-and-set numbers them
 * all and one transcript write keeps the lines, so a busy room costs a write per batch, not
 * per change, and a thousand members joining at once do not race each other a thousand
 * times over. A batch's events are published together, as one bus message in the order they
 * were numbered. Runs on the service's event loop.
 */
final class RoomWrites {

  private static final Logger log = LoggerFactory.getLogger(RoomWrites.class);

  private record Waiting(Rooms.Change change, Promise<Rooms.Done> done) {
  }

  /** What a written change needs done before its event is announced: a join's membership. */
  interface Settle {
    Future<Void> apply(String key, Rooms.Change change, Rooms.Done done);
  }

  private final BiFunction<String, List<Rooms.Change>, Future<List<Rooms.Done>>> apply;
  private final Settle settle;
  private final Transcripts transcripts;
  private final BiConsumer<String, List<RoomEvent>> publish;
  /** Rooms with a write under way, to the changes waiting for the next one. */
  private final Map<String, List<Waiting>> busy = new HashMap<>();

  /** {@code apply} makes one compare-and-set of a room's changes, yielding what came of each. */
  RoomWrites(BiFunction<String, List<Rooms.Change>, Future<List<Rooms.Done>>> apply, Settle settle, Transcripts transcripts,
             BiConsumer<String, List<RoomEvent>> publish) {
    this.apply = apply;
    this.settle = settle;
    this.transcripts = transcripts;
    this.publish = publish;
  }

  /** Makes the change, keeps its line and publishes its event; fails as the change was refused. */
  Future<Rooms.Done> write(String key, Rooms.Change change) {
    return writeAll(key, List.of(change)).get(0);
  }

  /** {@link #write} of changes that came together: they go in the same write, in order. */
  List<Future<Rooms.Done>> writeAll(String key, List<Rooms.Change> changes) {
    List<Waiting> all = new ArrayList<>(changes.size());
    for (Rooms.Change change : changes) {
      all.add(new Waiting(change, Promise.promise()));
    }
    List<Waiting> next = busy.get(key);
    if (next != null) {
      next.addAll(all);
    } else {
      busy.put(key, new ArrayList<>());
      write(key, all);
    }
    return all.stream().map(w -> w.done().future()).toList();
  }

  private void write(String key, List<Waiting> batch) {
    List<Future<Void>> settled = new ArrayList<>(batch.size());
    apply.apply(key, batch.stream().map(Waiting::change).toList())
        .compose(done -> {
          for (int i = 0; i < done.size(); i++) {
            settled.add(done.get(i).refused() == null ? settle.apply(key, batch.get(i).change(), done.get(i)) : Future.succeededFuture());
          }
          Future<Void> kept = transcripts.append(key, done.stream()
                  .filter(d -> d.fresh() && RoomEvent.MESSAGE.equals(d.event().kind()))
                  .map(Rooms.Done::event)
                  .toList())
              .onFailure(err -> log.warn("Transcript of room {} not written: {}", key, err.getMessage()));
          return Future.join(kept, Future.join(settled)).transform(written -> Future.succeededFuture(done));
        })
        .onComplete(result -> {
          if (result.succeeded()) {
            // Announced before anyone is answered, as one message. A retried line is published
            // again: a gateway that missed it the first time needs it. Numbered events are
            // published even if settling failed, so the sequence has no gap.
            List<RoomEvent> events = new ArrayList<>(batch.size());
            for (Rooms.Done done : result.result()) {
              if (done.refused() == null && done.event() != null) {
                events.add(done.event());
              }
            }
            if (!events.isEmpty()) {
              publish.accept(key, events);
            }
          }
          for (int i = 0; i < batch.size(); i++) {
            Promise<Rooms.Done> promise = batch.get(i).done();
            if (result.failed()) {
              promise.fail(result.cause());
              continue;
            }
            Rooms.Done done = result.result().get(i);
            if (done.refused() != null) {
              promise.fail(done.refused());
            } else if (settled.get(i).failed()) {
              promise.fail(settled.get(i).cause());
            } else {
              promise.complete(done);
            }
          }
          List<Waiting> next = busy.remove(key);
          if (next != null && !next.isEmpty()) {
            busy.put(key, new ArrayList<>());
            write(key, next);
          }
        });
  }
}
