package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The way of the lines said in one room, by the members one gateway verticle holds, to the
 * chatroom-service. While {@link #IN_FLIGHT} requests are out, the next lines wait and leave
 * together, up to {@link RoomRequest#MAX_LINES} in one request, so a busy room crosses the bus
 * once for many; on a quiet bus a line leaves at once. The lines one member typed together
 * stay in one request.
 */
final class SayLane {

  private static final int IN_FLIGHT = 2;

  private record Saying(RoomRequest line, Promise<Void> answered) {
  }

  private final Services services;
  /** Lines waiting, in groups that go in one request: the lines one member typed together. */
  private final ArrayDeque<List<Saying>> waiting = new ArrayDeque<>();
  private int inFlight;

  SayLane(Services services) {
    this.services = services;
  }

  /** Says the line with the others said here meanwhile; fails as the service refused it. */
  Future<Void> say(RoomRequest line) {
    return sayAll(List.of(line)).get(0);
  }

  /**
   * Says lines of one member, in order, in one request (at most {@link RoomRequest#MAX_LINES}):
   * two requests out at once may reach two service instances, and be numbered in either order.
   */
  List<Future<Void>> sayAll(List<RoomRequest> lines) {
    List<Saying> group = new ArrayList<>(lines.size());
    List<Future<Void>> answers = new ArrayList<>(lines.size());
    for (RoomRequest line : lines) {
      Promise<Void> answered = Promise.promise();
      group.add(new Saying(line, answered));
      answers.add(answered.future());
    }
    waiting.add(group);
    if (inFlight < IN_FLIGHT) {
      send();
    }
    return answers;
  }

  private void send() {
    List<Saying> batch = new ArrayList<>(Math.min(waiting.size() * 2, RoomRequest.MAX_LINES));
    while (!waiting.isEmpty() && (batch.isEmpty() || batch.size() + waiting.peek().size() <= RoomRequest.MAX_LINES)) {
      batch.addAll(waiting.poll());
    }
    // A lone line in the form every version of the service reads.
    JsonObject body = batch.size() == 1 ? batch.get(0).line().toJson()
        : new JsonObject().put("lines", new JsonArray(batch.stream().map(s -> (Object) s.line().toJson()).toList()));
    inFlight++;
    services.request(Addresses.CHATROOM_SAY, body).onComplete(result -> {
      inFlight--;
      if (!waiting.isEmpty()) {
        send();
      }
      settle(batch, result);
    });
  }

  private static void settle(List<Saying> batch, AsyncResult<JsonObject> result) {
    if (result.failed()) {
      batch.forEach(s -> s.answered().fail(result.cause()));
      return;
    }
    if (batch.size() == 1) {
      batch.get(0).answered().complete();
      return;
    }
    JsonArray outcomes = result.result().getJsonArray("outcomes");
    for (int i = 0; i < batch.size(); i++) {
      JsonObject outcome = outcomes == null || i >= outcomes.size() ? null : outcomes.getJsonObject(i);
      Promise<Void> answered = batch.get(i).answered();
      if (outcome == null) {
        answered.fail(Failure.INTERNAL.exception("the chatroom-service gave no outcome for the line"));
      } else if (outcome.containsKey("failure")) {
        answered.fail(Failure.ofCode(outcome.getInteger("failure")).exception(outcome.getString("message")));
      } else {
        answered.complete();
      }
    }
  }
}
