package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.wire.Frame;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session in room mode, for one stay in one room: what the user types is said to the room
 * ('exit' and 'bye' steer), and the room's lines are written to the client as they come. A
 * member who does not read them fast enough is dropped from the room, not queued for.
 */
final class RoomMember {

  private static final Logger log = LoggerFactory.getLogger(RoomMember.class);

  private final Session session;
  private final ClientChannel connection;
  private final RoomChannel channel;
  private final SayLane says;
  private final RoomJoined room;
  private final boolean owner;
  private final long userId;
  /** Out of the room: whatever still comes from it is not for this user. */
  private boolean left;

  RoomMember(Session session, Outcome.EnterRoom enter) {
    this.session = session;
    this.connection = session.connection();
    this.channel = enter.channel();
    this.says = channel.says();
    this.room = enter.room();
    this.owner = enter.owner();
    this.userId = session.user().id();
  }

  long userId() {
    return userId;
  }

  /** Shows the room's banner, then listens: the channel may replay lines said since the join. */
  void enter() {
    session.send(new Frame.Room(room.room(), owner ? RoomLines.created(room) : RoomLines.joined(room)));
    channel.add(this, room.epoch(), room.seq());
  }

  /** A line typed in a room: 'exit' and 'bye' steer, anything else is said to the room. */
  void say(Frame.Say say) {
    String text = say.text() == null ? "" : say.text();
    String word = text.trim();
    if (word.isEmpty()) {
      session.send(new Frame.Result(say.id(), List.of()));
    } else if (word.equalsIgnoreCase("exit")) {
      if (owner) {
        request(say.id(), Addresses.CHATROOM_CLOSE, null);
      } else {
        session.send(new Frame.Result(say.id(), List.of(RoomLines.onlyOwnerCloses(room.owner()))));
      }
    } else if (word.equalsIgnoreCase("bye")) {
      if (owner) {
        session.send(new Frame.Result(say.id(), List.of(RoomLines.OWNER_TYPES_EXIT)));
      } else {
        request(say.id(), Addresses.CHATROOM_LEAVE, null);
      }
    } else {
      request(say.id(), Addresses.CHATROOM_SAY, text);
    }
  }

  private void request(long id, String address, String text) {
    session.state(Session.State.BUSY);
    RoomRequest request = new RoomRequest(room.key(), room.epoch(), session.user(), text, UUID.randomUUID().toString());
    // Lines go with the others said in this room here meanwhile; leaving and closing alone.
    Future<?> answered = address.equals(Addresses.CHATROOM_SAY) ? says.say(request)
        : session.services().request(address, request.toJson());
    answered.onComplete(result -> {
      if (session.state() == Session.State.CLOSED) {
        return;
      }
      session.state(Session.State.ROOM);
      if (left) {
        // The room closed meanwhile, and the menu that followed answered this line.
        session.state(Session.State.READY);
      } else if (result.succeeded()) {
        if (address.equals(Addresses.CHATROOM_SAY)) {
          session.send(new Frame.Result(id, List.of()));
        } else {
          exit(address.equals(Addresses.CHATROOM_CLOSE) ? RoomLines.closed(room.room(), session.name()) : null);
        }
      } else {
        Failure failure = Failure.of(result.cause());
        if (failure == Failure.ROOM_NOT_FOUND) {
          exit(result.cause().getMessage());
        } else if (address.equals(Addresses.CHATROOM_LEAVE)) {
          // Out of the room here; the service takes the user out when it is back.
          exit(null);
        } else {
          Outcome.Failed failed = BusFailures.lineRefused(result.cause());
          session.send(new Frame.Error(id, failed.code(), failed.message()));
        }
      }
      session.actions().pump();
    });
  }

  /** Back to the main menu, after {@code line} when there is one. */
  private void exit(String line) {
    leave();
    if (line != null) {
      session.send(new Frame.Event(line));
    }
    if (session.state() == Session.State.ROOM) {
      session.state(Session.State.READY);
    }
    session.actions().show(session.mainMenu());
  }

  /** Out of the room here, without a word to the client (it is gone, or is told otherwise). */
  void leave() {
    left = true;
    session.leftRoom();
    channel.remove(this);
  }

  /** The room closed (its owner typed 'exit' or left); {@code line} says so. */
  void roomClosed(String line) {
    if (left || session.state() == Session.State.CLOSED) {
      return;
    }
    exit(line);
    session.actions().pump();
  }

  /** Room lines for this member, already encoded; a member who cannot keep up is dropped. Whether they were written. */
  boolean deliver(Buffer lines) {
    if (left || session.state() == Session.State.CLOSED) {
      return false;
    }
    if (connection.writeQueueFull()) {
      drop();
      return false;
    }
    connection.write(lines);
    return true;
  }

  private void drop() {
    session.about(log.atInfo()).log("Client {} cannot keep up with chat room {}; dropping it from the room",
        session.describe(), room.room());
    session.services().meters().droppedFromRoom();
    JsonObject request = new RoomRequest(room.key(), room.epoch(), session.user(), RoomEvent.DROP).toJson();
    exit(RoomLines.dropped(room.room()));
    session.services().request(Addresses.CHATROOM_LEAVE, request)
        .onFailure(err -> session.about(log.atWarn()).log("Could not take {} out of its room: {}", session.describe(), err.getMessage()));
  }
}
