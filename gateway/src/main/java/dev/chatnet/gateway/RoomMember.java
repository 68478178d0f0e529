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
import java.util.ArrayList;
import java.util.List;
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

  /** Whether the frame is a line to say to the room, not a word that steers or an empty line. */
  static boolean isLine(Frame.Say say) {
    return say.text() != null && !say.text().isBlank() && !Frame.Say.steers(say.text());
  }

  /**
   * Lines typed in a room, in order: 'exit' and 'bye' steer (they come alone), anything else is
   * said to the room. Lines that queued together go together, and are answered in one write.
   */
  void say(List<Frame.Say> lines) {
    Frame.Say say = lines.get(0);
    String word = say.text() == null ? "" : say.text().trim();
    if (isLine(say)) {
      sayAll(lines);
    } else if (word.isEmpty()) {
      session.send(new Frame.Result(say.id(), List.of()));
    } else if (word.equalsIgnoreCase("exit")) {
      if (owner) {
        request(say.id(), Addresses.CHATROOM_CLOSE);
      } else {
        session.send(new Frame.Result(say.id(), List.of(RoomLines.onlyOwnerCloses(room.owner()))));
      }
    } else if (owner) {
      session.send(new Frame.Result(say.id(), List.of(RoomLines.OWNER_TYPES_EXIT)));
    } else {
      request(say.id(), Addresses.CHATROOM_LEAVE);
    }
  }

  private RoomRequest request(String text) {
    return new RoomRequest(room.key(), room.epoch(), session.user(), text, RequestIds.next());
  }

  /** Says the lines with the others said in this room here meanwhile; the next ones wait for their answers. */
  private void sayAll(List<Frame.Say> lines) {
    session.state(Session.State.BUSY);
    List<RoomRequest> requests = new ArrayList<>(lines.size());
    for (Frame.Say say : lines) {
      requests.add(request(say.text()));
    }
    List<Future<Void>> said = says.sayAll(requests);
    Future.join(said).onComplete(all -> {
      if (answerable()) {
        answerLines(lines, said);
      }
      session.actions().pump();
    });
  }

  /** Whether the session is still here and in the room to be answered; back in ROOM state if so. */
  private boolean answerable() {
    if (session.state() == Session.State.CLOSED) {
      return false;
    }
    session.state(Session.State.ROOM);
    if (left) {
      // The room closed meanwhile, and the menu that followed answered these lines.
      session.state(Session.State.READY);
      return false;
    }
    return true;
  }

  private void answerLines(List<Frame.Say> lines, List<Future<Void>> said) {
    Outbox outbox = session.outbox();
    outbox.cork(lines.size() * 32);
    try {
      for (int i = 0; i < lines.size(); i++) {
        Future<Void> line = said.get(i);
        long id = lines.get(i).id();
        if (line.succeeded()) {
          session.send(new Frame.Result(id, List.of()));
        } else if (Failure.of(line.cause()) == Failure.ROOM_NOT_FOUND) {
          exit(line.cause().getMessage());
          // The room is gone: the lines after this one are taken as typed at the menu.
          session.actions().putBack(lines.subList(i + 1, lines.size()));
          return;
        } else {
          Outcome.Failed failed = BusFailures.lineRefused(line.cause());
          session.send(new Frame.Error(id, failed.code(), failed.message()));
        }
      }
    } finally {
      outbox.uncork();
    }
  }

  /** Leaves or closes the room, as the service agrees. */
  private void request(long id, String address) {
    session.state(Session.State.BUSY);
    session.services().request(address, request(null).toJson()).onComplete(result -> {
      if (answerable()) {
        if (result.succeeded()) {
          exit(address.equals(Addresses.CHATROOM_CLOSE) ? RoomLines.closed(room.room(), session.name()) : null);
        } else if (Failure.of(result.cause()) == Failure.ROOM_NOT_FOUND || address.equals(Addresses.CHATROOM_LEAVE)) {
          // Out of the room here; the service takes a member who could not leave out when it is back.
          exit(Failure.of(result.cause()) == Failure.ROOM_NOT_FOUND ? result.cause().getMessage() : null);
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
