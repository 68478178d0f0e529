package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Lines of a room leave together while earlier requests are out, and the lines one member typed
 * together never part: two requests out at once may be numbered in either order.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SayLaneTest {

  private static final User NINA = new User(1, "Nina", "session-1", "node-1", 0);

  private static List<RoomRequest> lines(String prefix, int count) {
    return IntStream.rangeClosed(1, count)
        .mapToObj(i -> new RoomRequest("room", "epoch", NINA, prefix + i, prefix + i)).toList();
  }

  private static List<String> texts(Message<JsonObject> request) {
    JsonArray lines = request.body().getJsonArray("lines");
    if (lines == null) {
      return List.of(request.body().getString("text"));
    }
    List<String> texts = new ArrayList<>();
    lines.forEach(line -> texts.add(((JsonObject) line).getString("text")));
    return texts;
  }

  /** Numbers every line of the request, as the chatroom-service answers. */
  private static void number(Message<JsonObject> request) {
    List<String> texts = texts(request);
    if (request.body().getJsonArray("lines") == null) {
      request.reply(new JsonObject().put("seq", 1));
      return;
    }
    JsonArray outcomes = new JsonArray();
    for (int i = 0; i < texts.size(); i++) {
      outcomes.add(new JsonObject().put("seq", i + 1));
    }
    request.reply(new JsonObject().put("outcomes", outcomes));
  }

  @Test
  void linesTypedTogetherStayInOneRequestAndLaterOnesWaitTheirTurn(Vertx vertx) throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> requests = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHATROOM_SAY, requests::add).completion().await(5, TimeUnit.SECONDS);
    SayLane lane = new SayLane(new Services(vertx, 5000, new GatewayMeters(vertx)));

    // Five members' lines in one turn of the event loop: 1, 3, 60, 10 and 1 lines.
    Promise<List<List<Future<Void>>>> sent = Promise.promise();
    vertx.runOnContext(v -> sent.complete(List.of(
        lane.sayAll(lines("a", 1)),
        lane.sayAll(lines("b", 3)),
        lane.sayAll(lines("c", 60)),
        lane.sayAll(lines("d", 10)),
        lane.sayAll(lines("e", 1)))));
    List<List<Future<Void>>> answers = sent.future().await(5, TimeUnit.SECONDS);

    Message<JsonObject> first = requests.poll(5, TimeUnit.SECONDS);
    Message<JsonObject> second = requests.poll(5, TimeUnit.SECONDS);
    assertThat(texts(first)).containsExactly("a1");
    assertThat(texts(second)).containsExactly("b1", "b2", "b3");
    assertThat(requests.poll(200, TimeUnit.MILLISECONDS)).as("nothing more leaves while two are out").isNull();

    number(first);
    Message<JsonObject> third = requests.poll(5, TimeUnit.SECONDS);
    // The ten d lines do not fit beside the sixty c lines, and are not split to fill the request.
    assertThat(texts(third)).containsExactlyElementsOf(lines("c", 60).stream().map(RoomRequest::text).toList());
    number(second);
    Message<JsonObject> fourth = requests.poll(5, TimeUnit.SECONDS);
    assertThat(texts(fourth)).containsExactly("d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9", "d10", "e1");
    number(third);
    number(fourth);

    for (List<Future<Void>> member : answers) {
      for (Future<Void> line : member) {
        line.await(5, TimeUnit.SECONDS);
      }
    }
  }
}
