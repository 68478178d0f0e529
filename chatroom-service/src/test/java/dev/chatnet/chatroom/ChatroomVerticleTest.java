package dev.chatnet.chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The chatroom-service over its event-bus addresses, on a real Vertx. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatroomVerticleTest {

  @TempDir
  Path dataDir;
  private Vertx vertx;
  private final User jose = user(1, "Jose");
  private final User alice = user(2, "Alice");
  private final User john = user(3, "John");

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    this.vertx = vertx;
    JsonObject config = new JsonObject().put("data-dir", dataDir.toString()).put("history-size", 3).put("chat-line-max-length", 50);
    vertx.deployVerticle(new ChatroomVerticle(), new DeploymentOptions().setConfig(config)).onComplete(ctx.succeedingThenComplete());
  }

  private static User user(long id, String name) {
    return new User(id, name, UUID.randomUUID().toString(), "node", System.currentTimeMillis());
  }

  private <T> T call(String address, RoomRequest request, Class<T> type) throws Exception {
    JsonObject body = vertx.eventBus().<JsonObject>request(address, JsonObject.mapFrom(request)).await(10, TimeUnit.SECONDS).body();
    return type == JsonObject.class ? type.cast(body) : body.mapTo(type);
  }

  private Throwable failure(String address, RoomRequest request) {
    try {
      vertx.eventBus().request(address, JsonObject.mapFrom(request)).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("expected " + address + " to fail");
  }

  private LinkedBlockingQueue<RoomEvent> listen(String key) throws Exception {
    LinkedBlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.roomEvents(key), m -> events.addAll(RoomEvent.batchFromJson(m.body())))
        .completion().await(10, TimeUnit.SECONDS);
    return events;
  }

  private void say(RoomJoined room, User who, String text) throws Exception {
    call(Addresses.CHATROOM_SAY, new RoomRequest(room.key(), room.epoch(), who, text), JsonObject.class);
  }

  @Test
  void aRoomHasOneNumberedSequenceOfJoinsMessagesLeavesAndTheClose() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("Lobby-1", null, jose, null), RoomJoined.class);
    assertThat(created.room()).isEqualTo("Lobby-1");
    assertThat(created.key()).isEqualTo("lobby-1");
    assertThat(created.owner()).isEqualTo("Jose");
    assertThat(created.seq()).isZero();
    LinkedBlockingQueue<RoomEvent> events = listen(created.key());

    RoomJoined joined = call(Addresses.CHATROOM_JOIN, new RoomRequest("LOBBY-1", null, alice, null), RoomJoined.class);
    assertThat(joined.seq()).isEqualTo(1);
    assertThat(joined.epoch()).isEqualTo(created.epoch());
    say(joined, alice, "Hello");
    say(created, jose, "Hello Alice");
    call(Addresses.CHATROOM_LEAVE, new RoomRequest(joined.key(), joined.epoch(), alice, null), JsonObject.class);
    call(Addresses.CHATROOM_CLOSE, new RoomRequest(created.key(), created.epoch(), jose, null), JsonObject.class);

    List<RoomEvent> seen = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seen.add(events.poll(10, TimeUnit.SECONDS));
    }
    assertThat(seen).extracting(RoomEvent::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(seen).extracting(RoomEvent::kind).containsExactly("join", "message", "message", "leave", "close");
    assertThat(seen).extracting(RoomEvent::name).containsExactly("Alice", "Alice", "Jose", "Alice", "Jose");
    assertThat(seen.get(1).text()).isEqualTo("Hello");
    assertThat(failure(Addresses.CHATROOM_JOIN, new RoomRequest("Lobby-1", null, john, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.ROOM_NOT_FOUND))
        .hasMessage("Chat room Lobby-1 does not exist.");
  }

  @Test
  void idsThatAreTakenUnknownOrInvalidGetTheirLine() throws Exception {
    call(Addresses.CHATROOM_CREATE, new RoomRequest("23456", null, jose, null), RoomJoined.class);
    assertThat(failure(Addresses.CHATROOM_CREATE, new RoomRequest("23456", null, alice, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.ROOM_EXISTS))
        .hasMessage("Chat room 23456 already exists.");
    assertThat(failure(Addresses.CHATROOM_JOIN, new RoomRequest("999", null, alice, null)))
        .hasMessage("Chat room 999 does not exist.");
    assertThat(failure(Addresses.CHATROOM_CREATE, new RoomRequest("no spaces", null, alice, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.INVALID_INPUT))
        .hasMessage("Chat room id 'no spaces' is invalid: use 1 to 32 letters, digits, '_' or '-'.");
    assertThat(failure(Addresses.CHATROOM_CREATE, new RoomRequest("x".repeat(33), null, alice, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.INVALID_INPUT));
  }

  @Test
  void onlyTheOwnerClosesAndTheOwnerDoesNotLeave() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("r", null, jose, null), RoomJoined.class);
    RoomJoined joined = call(Addresses.CHATROOM_JOIN, new RoomRequest("r", null, alice, null), RoomJoined.class);
    assertThat(failure(Addresses.CHATROOM_CLOSE, new RoomRequest(joined.key(), joined.epoch(), alice, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.NOT_ALLOWED))
        .hasMessage("Only the owner (Jose) can close chat room r.");
    assertThat(failure(Addresses.CHATROOM_LEAVE, new RoomRequest(created.key(), created.epoch(), jose, null)))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.NOT_ALLOWED));
    say(joined, alice, "still open");
  }

  @Test
  void emptyAndOverLongLinesAreRefusedAndClosedRoomsTakeNoMore() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("r", null, jose, null), RoomJoined.class);
    assertThat(failure(Addresses.CHATROOM_SAY, new RoomRequest(created.key(), created.epoch(), jose, " ")))
        .hasMessage("The line is empty.");
    assertThat(failure(Addresses.CHATROOM_SAY, new RoomRequest(created.key(), created.epoch(), jose, "x".repeat(51))))
        .hasMessage("The line is longer than 50 characters; it was not sent.");
    call(Addresses.CHATROOM_CLOSE, new RoomRequest(created.key(), created.epoch(), jose, null), JsonObject.class);
    assertThat(failure(Addresses.CHATROOM_SAY, new RoomRequest(created.key(), created.epoch(), jose, "hello?")))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.ROOM_NOT_FOUND));
    // The id is free again, and the new room is not the old one.
    RoomJoined again = call(Addresses.CHATROOM_CREATE, new RoomRequest("r", null, alice, null), RoomJoined.class);
    assertThat(again.epoch()).isNotEqualTo(created.epoch());
    assertThat(failure(Addresses.CHATROOM_SAY, new RoomRequest(created.key(), created.epoch(), jose, "old room?")))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.ROOM_NOT_FOUND));
  }

  @Test
  void lateJoinersGetTheLastMessagesAndTheTranscriptHasThemAll() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("Hist", null, jose, null), RoomJoined.class);
    for (int i = 1; i <= 5; i++) {
      say(created, jose, "m" + i);
    }
    RoomJoined late = call(Addresses.CHATROOM_JOIN, new RoomRequest("hist", null, alice, null), RoomJoined.class);
    assertThat(late.history()).extracting(RoomEvent::text).containsExactly("m3", "m4", "m5");
    List<String> lines = Files.readAllLines(dataDir.resolve("transcripts").resolve("hist.jsonl"));
    assertThat(lines).hasSize(5);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getString("room")).isEqualTo("Hist");
    assertThat(first.getString("sender")).isEqualTo("Jose");
    assertThat(first.getLong("senderId")).isEqualTo(1L);
    assertThat(first.getString("text")).isEqualTo("m1");
    assertThat(first.getString("time")).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
  }

  @Test
  void departuresEndMembershipsAndOwnersRooms() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("dep", null, jose, null), RoomJoined.class);
    call(Addresses.CHATROOM_JOIN, new RoomRequest("dep", null, alice, null), RoomJoined.class);
    LinkedBlockingQueue<RoomEvent> events = listen(created.key());
    vertx.eventBus().publish(Addresses.DIRECTORY_LEFT, JsonObject.mapFrom(alice));
    RoomEvent left = events.poll(10, TimeUnit.SECONDS);
    assertThat(left.kind()).isEqualTo(RoomEvent.LEAVE);
    assertThat(left.name()).isEqualTo("Alice");
    vertx.eventBus().publish(Addresses.DIRECTORY_LEFT, JsonObject.mapFrom(jose));
    RoomEvent closed = events.poll(10, TimeUnit.SECONDS);
    assertThat(closed.kind()).isEqualTo(RoomEvent.CLOSE);
    assertThat(closed.name()).isEqualTo("Jose");
    assertThat(failure(Addresses.CHATROOM_JOIN, new RoomRequest("dep", null, john, null)))
        .hasMessage("Chat room dep does not exist.");
  }

  @Test
  void twoCreatesOfOneIdLeaveOneRoom() throws Exception {
    List<Future<JsonObject>> creates = IntStream.range(0, 10)
        .mapToObj(i -> vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_CREATE,
            JsonObject.mapFrom(new RoomRequest("race", null, user(10 + i, "u" + i), null))).map(m -> m.body()))
        .toList();
    Future.join(creates).transform(all -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
    assertThat(creates.stream().filter(Future::succeeded)).hasSize(1);
    assertThat(creates.stream().filter(Future::failed).map(f -> Failure.of(f.cause()))).containsOnly(Failure.ROOM_EXISTS);
  }

  @Test
  void joinRacingCloseEndsJoinedThenClosedOrNotJoinedAtAll() throws Exception {
    for (int round = 0; round < 20; round++) {
      RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("jc", null, jose, null), RoomJoined.class);
      LinkedBlockingQueue<RoomEvent> events = listen(created.key());
      Future<JsonObject> join = vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_JOIN,
          JsonObject.mapFrom(new RoomRequest("jc", null, alice, null))).map(m -> m.body());
      Future<JsonObject> close = vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_CLOSE,
          JsonObject.mapFrom(new RoomRequest(created.key(), created.epoch(), jose, null))).map(m -> m.body());
      Future.join(join, close).transform(all -> Future.succeededFuture()).await(10, TimeUnit.SECONDS);
      assertThat(close.succeeded()).isTrue();
      RoomEvent first = events.poll(10, TimeUnit.SECONDS);
      if (join.succeeded()) {
        assertThat(first.kind()).isEqualTo(RoomEvent.JOIN);
        assertThat(events.poll(10, TimeUnit.SECONDS).kind()).isEqualTo(RoomEvent.CLOSE);
      } else {
        assertThat(Failure.of(join.cause())).isEqualTo(Failure.ROOM_NOT_FOUND);
        assertThat(first.kind()).isEqualTo(RoomEvent.CLOSE);
      }
    }
  }

  @Test
  void concurrentSpeakersGetDistinctContiguousNumbers() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("busy", null, jose, null), RoomJoined.class);
    List<User> speakers = IntStream.range(0, 10).mapToObj(i -> user(100 + i, "s" + i)).toList();
    for (User s : speakers) {
      call(Addresses.CHATROOM_JOIN, new RoomRequest("busy", null, s, null), RoomJoined.class);
    }
    List<Future<JsonObject>> says = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      for (User s : speakers) {
        says.add(vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_SAY,
            JsonObject.mapFrom(new RoomRequest(created.key(), created.epoch(), s, s.name() + "#" + i))).map(m -> m.body()));
      }
    }
    Future.all(says).await(30, TimeUnit.SECONDS);
    List<Long> seqs = new ArrayList<>(says.stream().map(f -> f.result().getLong("seq")).toList());
    Collections.sort(seqs);
    assertThat(seqs).containsExactlyElementsOf(IntStream.rangeClosed(11, 210).mapToObj(Long::valueOf).toList());
  }

  @Test
  void speakersTakingTurnsFillTheTranscriptAndTheRoomInNumberingOrder() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("turns", null, jose, null), RoomJoined.class);
    List<User> speakers = IntStream.range(0, 10).mapToObj(i -> user(200 + i, "t" + i)).toList();
    for (User s : speakers) {
      call(Addresses.CHATROOM_JOIN, new RoomRequest("turns", null, s, null), RoomJoined.class);
    }
    LinkedBlockingQueue<RoomEvent> published = listen(created.key());
    // Each speaker says its next line when its last is answered: many batches, one after another.
    Future.all(speakers.stream().map(s -> speak(created, s, 0, 20)).toList()).await(30, TimeUnit.SECONDS);

    List<Long> order = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      RoomEvent event = published.poll(10, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      order.add(event.seq());
    }
    List<Long> numbers = IntStream.rangeClosed(11, 210).mapToObj(Long::valueOf).toList();
    assertThat(order).containsExactlyElementsOf(numbers);
    List<String> transcript = Files.readAllLines(dataDir.resolve("transcripts").resolve("turns.jsonl"));
    assertThat(transcript).extracting(line -> new JsonObject(line).getLong("seq")).containsExactlyElementsOf(numbers);
  }

  private Future<Void> speak(RoomJoined room, User who, int line, int lines) {
    if (line == lines) {
      return Future.succeededFuture();
    }
    return sayAsync(new RoomRequest(room.key(), room.epoch(), who, who.name() + "#" + line, UUID.randomUUID().toString()))
        .compose(answer -> speak(room, who, line + 1, lines));
  }

  @Test
  void linesThatArriveTogetherAreNumberedKeptAndPublishedInOrderAndRetriesKeepTheirNumber() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("burst", null, jose, null), RoomJoined.class);
    LinkedBlockingQueue<RoomEvent> published = listen(created.key());
    List<Future<JsonObject>> says = new ArrayList<>();
    List<String> requestIds = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String requestId = "r" + i;
      requestIds.add(requestId);
      says.add(sayAsync(new RoomRequest(created.key(), created.epoch(), jose, "line " + i, requestId)));
    }
    // The same burst: five lines written again (their first answer lost), and one for a room epoch that is gone.
    List<Future<JsonObject>> retries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      retries.add(sayAsync(new RoomRequest(created.key(), created.epoch(), jose, "line " + i, requestIds.get(i))));
    }
    Future<JsonObject> stale = sayAsync(new RoomRequest(created.key(), "an-old-epoch", jose, "stale", "stale"));

    Future.all(says).await(30, TimeUnit.SECONDS);
    Future.all(retries).await(30, TimeUnit.SECONDS);
    assertThat(stale.otherwiseEmpty().await(10, TimeUnit.SECONDS)).isNull();
    assertThat(Failure.of(stale.cause())).isEqualTo(Failure.ROOM_NOT_FOUND);
    for (int i = 0; i < 50; i++) {
      assertThat(says.get(i).result().getLong("seq")).isEqualTo(i + 1L);
    }
    for (int i = 0; i < 5; i++) {
      assertThat(retries.get(i).result().getLong("seq")).isEqualTo(i + 1L);
    }
    List<Long> fresh = new ArrayList<>();
    while (fresh.size() < 50) {
      RoomEvent event = published.poll(10, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      if (fresh.isEmpty() || event.seq() > fresh.get(fresh.size() - 1)) {
        fresh.add(event.seq());
      }
    }
    assertThat(fresh).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
    List<String> transcript = Files.readAllLines(dataDir.resolve("transcripts").resolve("burst.jsonl"));
    assertThat(transcript).extracting(line -> new JsonObject(line).getString("text"))
        .containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "line " + i).toList());
  }

  @Test
  void linesAGatewayGatheredAreNumberedInOneWriteAndEachRefusalIsItsLinesAlone() throws Exception {
    RoomJoined created = call(Addresses.CHATROOM_CREATE, new RoomRequest("together", null, jose, null), RoomJoined.class);
    call(Addresses.CHATROOM_JOIN, new RoomRequest("together", null, alice, null), RoomJoined.class);
    LinkedBlockingQueue<JsonObject> messages = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.roomEvents(created.key()), m -> messages.add(m.body()))
        .completion().await(10, TimeUnit.SECONDS);
    JsonObject lines = new JsonObject().put("lines", new JsonArray()
        .add(new RoomRequest(created.key(), created.epoch(), jose, "first", "a").toJson())
        .add(new RoomRequest(created.key(), created.epoch(), alice, " ", "b").toJson())
        .add(new RoomRequest(created.key(), created.epoch(), alice, "second", "c").toJson())
        .add(new RoomRequest(created.key(), created.epoch(), jose, "x".repeat(51), "d").toJson()));
    JsonObject answer = vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_SAY, lines).await(10, TimeUnit.SECONDS).body();

    List<JsonObject> outcomes = answer.getJsonArray("outcomes").stream().map(JsonObject.class::cast).toList();
    assertThat(outcomes).hasSize(4);
    assertThat(outcomes.get(0).getLong("seq")).isEqualTo(2L);
    assertThat(outcomes.get(1).getInteger("failure")).isEqualTo(Failure.INVALID_INPUT.code());
    assertThat(outcomes.get(1).getString("message")).isEqualTo("The line is empty.");
    assertThat(outcomes.get(2).getLong("seq")).isEqualTo(3L);
    assertThat(outcomes.get(3).getString("message")).isEqualTo("The line is longer than 50 characters; it was not sent.");
    // Numbered together, announced together: one message with both lines, in order.
    JsonObject published = messages.poll(10, TimeUnit.SECONDS);
    assertThat(published).isNotNull();
    if (RoomEvent.batchFromJson(published).get(0).kind().equals(RoomEvent.JOIN)) {
      published = messages.poll(10, TimeUnit.SECONDS);
    }
    assertThat(RoomEvent.batchFromJson(published)).extracting(RoomEvent::text).containsExactly("first", "second");
    assertThat(Files.readAllLines(dataDir.resolve("transcripts").resolve("together.jsonl")))
        .extracting(line -> new JsonObject(line).getString("text")).containsExactly("first", "second");
  }

  private Future<JsonObject> sayAsync(RoomRequest request) {
    return vertx.eventBus().<JsonObject>request(Addresses.CHATROOM_SAY, JsonObject.mapFrom(request)).map(m -> m.body());
  }
}
