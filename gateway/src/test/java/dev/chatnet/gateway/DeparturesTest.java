package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A crowd leaving at once reaches the directory a few at a time, and every one of them arrives. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeparturesTest {

  @Test
  void atMostAFewAreInFlightAndTheRestFollowAsAnswersCome(Vertx vertx) throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> heard = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_UNREGISTER, heard::add).completion().await(5, TimeUnit.SECONDS);
    Departures departures = new Departures(new Services(vertx, 10_000, new GatewayMeters(vertx)), vertx);
    List<Future<Void>> told = new ArrayList<>();
    int crowd = Departures.IN_FLIGHT * 2 + 5;
    vertx.runOnContext(v -> {
      for (int i = 0; i < crowd; i++) {
        told.add(departures.tell(new JsonObject().put("id", i)));
      }
    });

    List<Message<JsonObject>> first = take(heard, Departures.IN_FLIGHT);
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("one more than the limit in flight").isNull();
    first.forEach(m -> m.reply(new JsonObject()));
    List<Message<JsonObject>> second = take(heard, Departures.IN_FLIGHT);
    second.forEach(m -> m.reply(new JsonObject()));
    List<Message<JsonObject>> rest = take(heard, 5);
    rest.forEach(m -> m.reply(new JsonObject()));

    Future.all(told).await(5, TimeUnit.SECONDS);
    List<Integer> ids = new ArrayList<>();
    for (List<Message<JsonObject>> batch : List.of(first, second, rest)) {
      batch.forEach(m -> ids.add(m.body().getInteger("id")));
    }
    assertThat(ids).hasSize(crowd).doesNotHaveDuplicates();
  }

  @Test
  void onShutdownEverythingWaitingGoesAtOnce(Vertx vertx) throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> heard = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_UNREGISTER, heard::add).completion().await(5, TimeUnit.SECONDS);
    Departures departures = new Departures(new Services(vertx, 10_000, new GatewayMeters(vertx)), vertx);
    int crowd = Departures.IN_FLIGHT + 10;
    vertx.runOnContext(v -> {
      for (int i = 0; i < crowd; i++) {
        departures.tell(new JsonObject().put("id", i));
      }
      departures.flush();
    });

    assertThat(take(heard, crowd)).hasSize(crowd);
  }

  private static List<Message<JsonObject>> take(LinkedBlockingQueue<Message<JsonObject>> heard, int count) throws InterruptedException {
    List<Message<JsonObject>> taken = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Message<JsonObject> message = heard.poll(5, TimeUnit.SECONDS);
      assertThat(message).as("departure %d of %d", i + 1, count).isNotNull();
      taken.add(message);
    }
    return taken;
  }
}
