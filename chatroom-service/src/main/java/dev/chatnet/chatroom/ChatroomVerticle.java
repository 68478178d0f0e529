package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.bus.UserText;
import dev.chatnet.runtime.LocalJson;
import dev.chatnet.runtime.Metrics;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.Replies;
import dev.chatnet.state.Store;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chatroom-service: answers room requests from gateways and publishes each room event
 * once, to the room's address (the events numbered together in one message), where every gateway holding members of the room listens.
 * When a user leaves the network its room membership ends too; rooms it owned close.
 */
public class ChatroomVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ChatroomVerticle.class);

  public static JsonObject defaults() {
    return new JsonObject()
        .put("history-size", 20)
        .put("chat-line-max-length", 4096);
  }

  private Rooms rooms;
  private Transcripts transcripts;
  private Counter lineCounter;
  private int maxLength;

  @Override
  public Future<?> start() {
    JsonObject config = defaults().mergeIn(config());
    maxLength = config.getInteger("chat-line-max-length");
    lineCounter = Counter.builder("chatnet.room.lines").description("Lines said in chat rooms and numbered")
        .register(Metrics.of(vertx));
    String dataDir = config.getString("data-dir", Node.defaultDataDir());
    transcripts = new Transcripts(vertx, Path.of(dataDir, "transcripts"));
    var shared = vertx.sharedData();
    return shared.<String, JsonObject>getAsyncMap(Rooms.MEMBERS_MAP).compose(members -> {
      rooms = new Rooms(Store.of(vertx, Rooms.ROOMS_MAP), members, config.getInteger("history-size"), transcripts,
          this::publish);
      EventBus bus = vertx.eventBus();
      return Future.all(List.of(
          bus.<JsonObject>consumer(Addresses.CHATROOM_CREATE, this::onCreate).completion(),
          bus.<JsonObject>consumer(Addresses.CHATROOM_JOIN, this::onJoin).completion(),
          bus.<JsonObject>consumer(Addresses.CHATROOM_SAY, this::onSay).completion(),
          bus.<JsonObject>consumer(Addresses.CHATROOM_LEAVE, this::onLeave).completion(),
          bus.<JsonObject>consumer(Addresses.CHATROOM_CLOSE, this::onClose).completion(),
          bus.<JsonObject>consumer(Addresses.CHATROOM_EVENTS, this::onEvents).completion(),
          bus.<JsonObject>consumer(Addresses.DIRECTORY_LEFT, this::onUserLeft).completion()));
    });
  }

  @Override
  public Future<?> stop() {
    transcripts.close();
    return Future.succeededFuture();
  }

  private void onCreate(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      RoomRequest r = RoomRequest.fromJson(request.body());
      return rooms.create(r.room(), r.user()).map(JsonObject::mapFrom);
    });
  }

  private void onJoin(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      RoomRequest r = RoomRequest.fromJson(request.body());
      return rooms.join(r.room(), r.user()).map(JsonObject::mapFrom);
    });
  }

  /**
   * A line, or several said on one gateway meanwhile ({@code {"lines": [...]}}, answered
   * {@code {"outcomes": [...]}}, one per line: its number, or why it was refused).
   */
  private void onSay(Message<JsonObject> request) {
    JsonArray lines = request.body().getJsonArray("lines");
    if (lines == null) {
      Replies.reply(request, () -> {
        RoomRequest r = RoomRequest.fromJson(request.body());
        return checked(r).compose(line -> rooms.say(r.room(), line)).map(event -> {
          lineCounter.increment();
          return new JsonObject().put("seq", event.seq());
        });
      });
      return;
    }
    Replies.reply(request, () -> {
      if (lines.isEmpty() || lines.size() > RoomRequest.MAX_LINES) {
        throw Failure.INVALID_INPUT.exception("A request carries 1 to " + RoomRequest.MAX_LINES + " lines.");
      }
      List<Future<RoomEvent>> said = new ArrayList<>(lines.size());
      Map<String, List<Rooms.Line>> byRoom = new LinkedHashMap<>();
      Map<String, List<Promise<RoomEvent>>> promises = new HashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        RoomRequest r = RoomRequest.fromJson(lines.getJsonObject(i));
        Future<Rooms.Line> line = checked(r);
        if (line.failed()) {
          said.add(Future.failedFuture(line.cause()));
          continue;
        }
        Promise<RoomEvent> promise = Promise.promise();
        said.add(promise.future());
        byRoom.computeIfAbsent(r.room(), k -> new ArrayList<>()).add(line.result());
        promises.computeIfAbsent(r.room(), k -> new ArrayList<>()).add(promise);
      }
      byRoom.forEach((key, roomLines) -> {
        List<Future<RoomEvent>> events = rooms.sayAll(key, roomLines);
        for (int i = 0; i < events.size(); i++) {
          events.get(i).onComplete(promises.get(key).get(i));
        }
      });
      return Future.join(said).transform(all -> {
        JsonArray outcomes = new JsonArray(new ArrayList<>(said.size()));
        int numbered = 0;
        for (Future<RoomEvent> line : said) {
          outcomes.add(line.succeeded() ? new JsonObject().put("seq", line.result().seq()) : refusal(line.cause()));
          numbered += line.succeeded() ? 1 : 0;
        }
        lineCounter.increment(numbered);
        return Future.succeededFuture(new JsonObject().put("outcomes", outcomes));
      });
    });
  }

  /** The line as the room takes it, or why it is refused. */
  private Future<Rooms.Line> checked(RoomRequest r) {
    String text = r.text();
    if (text == null || text.isBlank()) {
      return Future.failedFuture(Failure.INVALID_INPUT.exception("The line is empty."));
    }
    if (text.length() > maxLength) {
      return Future.failedFuture(Failure.INVALID_INPUT.exception(
          "The line is longer than " + maxLength + " characters; it was not sent."));
    }
    Optional<String> unsafe = UserText.problem(text, "line");
    if (unsafe.isPresent()) {
      return Future.failedFuture(Failure.INVALID_INPUT.exception(unsafe.get() + "; it was not sent."));
    }
    if (r.room() == null || r.user() == null) {
      return Future.failedFuture(Failure.INVALID_INPUT.exception("A line needs its room and its user."));
    }
    return Future.succeededFuture(new Rooms.Line(r.epoch(), r.user(), text, r.requestId()));
  }

  private static JsonObject refusal(Throwable cause) {
    int code = cause instanceof ReplyException e ? e.failureCode() : Failure.INTERNAL.code();
    return new JsonObject().put("failure", code).put("message", cause.getMessage());
  }

  private void onLeave(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      RoomRequest r = RoomRequest.fromJson(request.body());
      String kind = RoomEvent.DROP.equals(r.text()) ? RoomEvent.DROP : RoomEvent.LEAVE;
      return rooms.leave(r.room(), r.epoch(), r.user(), kind).map(event -> new JsonObject());
    });
  }

  private void onClose(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      RoomRequest r = RoomRequest.fromJson(request.body());
      return rooms.close(r.room(), r.epoch(), r.user()).map(event -> new JsonObject());
    });
  }

  private void onEvents(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      JsonObject body = request.body();
      return rooms.eventsAfter(body.getString("room"), body.getString("epoch"), body.getLong("after"))
          .map(events -> new JsonObject().put("events", new JsonArray(events.stream().map(RoomEvent::toJson).toList())));
    });
  }

  private void onUserLeft(Message<JsonObject> event) {
    User user = User.fromJson(event.body());
    // Its leave or close event is published as it is written.
    rooms.departed(user)
        .onFailure(err -> log.atWarn().addKeyValue("client", user.id())
            .log("Could not take {} out of its room: {}", user.name(), err.getMessage()));
  }

  /** Events numbered together go as one message: one publish, one bus frame per gateway. */
  private void publish(String key, List<RoomEvent> events) {
    vertx.eventBus().publish(Addresses.roomEvents(key), RoomEvent.batchToJson(events), LocalJson.options(vertx));
  }
}
