package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lines said in rooms. While a room's write is under way, the lines that come for it wait and
 * then go together: one compare-and-set numbers them all and one transcript write keeps them,
 * so a busy room costs a write per batch, not per line. Runs on the service's event loop.
 */
final class SayQueue {

  private static final Logger log = LoggerFactory.getLogger(SayQueue.class);

  private record Waiting(Rooms.Line line, Promise<RoomEvent> said) {
  }

  private final Rooms rooms;
  private final Transcripts transcripts;
  private final BiConsumer<String, RoomEvent> publish;
  /** Rooms with a write under way, to the lines waiting for the next one. */
  private final Map<String, List<Waiting>> busy = new HashMap<>();

  SayQueue(Rooms rooms, Transcripts transcripts, BiConsumer<String, RoomEvent> publish) {
    this.rooms = rooms;
    this.transcripts = transcripts;
    this.publish = publish;
  }

  /** Numbers, keeps and publishes the line; yields its event, or fails as {@link Rooms#say} refuses it. */
  Future<RoomEvent> say(String key, Rooms.Line line) {
    Waiting waiting = new Waiting(line, Promise.promise());
    List<Waiting> next = busy.get(key);
    if (next != null) {
      next.add(waiting);
    } else {
      busy.put(key, new ArrayList<>());
      write(key, List.of(waiting));
    }
    return waiting.said().future();
  }

  private void write(String key, List<Waiting> batch) {
    rooms.say(key, batch.stream().map(Waiting::line).toList())
        .compose(said -> transcripts.append(key, said.stream().filter(Rooms.Said::fresh).map(Rooms.Said::event).toList())
            .onFailure(err -> log.warn("Transcript of room {} not written: {}", key, err.getMessage()))
            .transform(written -> Future.succeededFuture(said)))
        .onComplete(result -> {
          for (int i = 0; i < batch.size(); i++) {
            Promise<RoomEvent> promise = batch.get(i).said();
            if (result.failed()) {
              promise.fail(result.cause());
              continue;
            }
            Rooms.Said said = result.result().get(i);
            if (said.refused() != null) {
              promise.fail(said.refused());
            } else {
              // A retried line is published again: a gateway that missed it the first time needs it.
              publish.accept(key, said.event());
              promise.complete(said.event());
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
