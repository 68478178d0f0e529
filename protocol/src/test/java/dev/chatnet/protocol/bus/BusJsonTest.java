package dev.chatnet.protocol.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The hand-written JSON of the busiest records is the JSON Jackson makes of them, both ways. */
class BusJsonTest {

  private static final User USER = new User(12345, "Alice", "s-1", "node-1", 1_700_000_000_000L);
  private static final DirectMessage MESSAGE = new DirectMessage("m-1", 54321, "Bob", "hi \"there\" ✓", 1_700_000_000_001L);

  private static <T> void sameAsJackson(T value, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson, Class<T> type) {
    JsonObject jackson = JsonObject.mapFrom(value);
    assertThat(toJson.apply(value)).isEqualTo(jackson);
    assertThat(fromJson.apply(jackson)).isEqualTo(value);
    assertThat(toJson.apply(value).mapTo(type)).isEqualTo(value);
  }

  @Test
  void everyBusyRecordMapsAsJacksonDoes() {
    sameAsJackson(USER, User::toJson, User::fromJson, User.class);
    sameAsJackson(MESSAGE, DirectMessage::toJson, DirectMessage::fromJson, DirectMessage.class);
    sameAsJackson(new Deposit(12345, MESSAGE), Deposit::toJson, Deposit::fromJson, Deposit.class);
    sameAsJackson(new Registration("Alice", "node-1"), Registration::toJson, Registration::fromJson, Registration.class);
    for (RoomRequest request : List.of(new RoomRequest("Room", "e-1", USER, "hello", "r-1"), new RoomRequest("Room", null, USER, null))) {
      sameAsJackson(request, RoomRequest::toJson, RoomRequest::fromJson, RoomRequest.class);
    }
    for (RoomEvent event : List.of(new RoomEvent("Room", "e-1", 7, RoomEvent.MESSAGE, 12345, "Alice", "hello", 1L, "r-1"),
        new RoomEvent("Room", "e-1", 8, RoomEvent.JOIN, 12345, "Alice", null, 2L))) {
      sameAsJackson(event, RoomEvent::toJson, RoomEvent::fromJson, RoomEvent.class);
    }
  }

  @Test
  void missingFieldsReadAsJacksonReadsThem() {
    assertThat(User.fromJson(new JsonObject().put("name", "Alice"))).isEqualTo(new JsonObject().put("name", "Alice").mapTo(User.class));
    assertThat(RoomRequest.fromJson(new JsonObject())).isEqualTo(new JsonObject().mapTo(RoomRequest.class));
  }

  @Test
  void eventsNumberedTogetherTravelAsOneMessageAndALoneEventAsEveryVersionSendsIt() {
    RoomEvent first = new RoomEvent("Room", "e-1", 7, RoomEvent.MESSAGE, 12345, "Alice", "hello", 1L, "r-1");
    RoomEvent second = new RoomEvent("Room", "e-1", 8, RoomEvent.JOIN, 23456, "Bob", null, 2L);
    assertThat(RoomEvent.batchToJson(List.of(first))).isEqualTo(first.toJson());
    assertThat(RoomEvent.batchFromJson(first.toJson())).containsExactly(first);
    JsonObject both = RoomEvent.batchToJson(List.of(first, second));
    assertThat(both.getJsonArray("events")).hasSize(2);
    assertThat(RoomEvent.batchFromJson(both)).containsExactly(first, second);
  }
}
