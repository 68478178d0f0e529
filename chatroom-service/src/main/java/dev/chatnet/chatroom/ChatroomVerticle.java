package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.bus.UserText;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.Replies;
import dev.chatnet.state.Store;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chatroom-service: answers room requests from gateways and publishes each room event
 * once, to the room's address, where every gateway holding members of the room listens.
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
  private int maxLength;

  @Override
  public Future<?> start() {
    JsonObject config = defaults().mergeIn(config());
    maxLength = config.getInteger("chat-line-max-length");
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

  private void onSay(Message<JsonObject> request) {
    Replies.reply(request, () -> {
      RoomRequest r = RoomRequest.fromJson(request.body());
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
      return rooms.say(r.room(), new Rooms.Line(r.epoch(), r.user(), text, r.requestId()))
          .map(event -> new JsonObject().put("seq", event.seq()));
    });
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
        .onFailure(err -> log.warn("Could not take {} out of its room: {}", user.name(), err.getMessage()));
  }

  private void publish(String key, RoomEvent event) {
    if (event != null) {
      vertx.eventBus().publish(Addresses.roomEvents(key), event.toJson());
    }
  }
}
