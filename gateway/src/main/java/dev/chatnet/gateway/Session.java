package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.ProxySettings;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.wire.BadFrameException;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and everything it owns. Frames are handled one at a time in arrival
 * order; while one waits on a service, later frames queue (and past a few, the socket stops
 * reading). Queued actions of an option that batches go to their service together, and
 * their answers out in one write. All of it runs on the gateway verticle's event loop.
 */
final class Session implements LineFramer.Sink {

  private static final Logger log = LoggerFactory.getLogger(Session.class);
  /** Lines queued behind a request in flight before the socket stops reading. */
  private static final int INBOX_HIGH_WATER = 16;

  enum State { GREETED, REGISTERING, AWAITING_ACK, READY, ROOM, ASKING, BUSY, CLOSED }

  private final GatewayVerticle gateway;
  private final ClientChannel connection;
  private final LineFramer framer;
  private final RateLimiter limiter;
  private final String remoteHost;
  private final ArrayDeque<Inbound> inbox = new ArrayDeque<>(4);
  /** While answers to a batch are written: they collect here and go out in one write. */
  private Buffer corked;
  private State state = State.GREETED;
  /** The IANA zone ids (a copy per call from the JDK, so kept once). */
  private static final java.util.Set<String> ZONES = ZoneId.getAvailableZoneIds();

  /** When the client last sent a whole line: bytes that never end a line do not count. */
  private long lastHeard;
  /** When the line being received began, or 0 between lines. */
  private long lineStartedAt;
  private final long connectedAt;
  private boolean readPaused;
  private boolean writeBlocked;
  private User user;
  private ZoneId zone = ZoneOffset.UTC;
  private Screen screen;
  private RoomChannel channel;
  private RoomJoined room;
  private boolean roomOwner;
  private String drainAck;
  /** The question the client is answering in state ASKING, and the id of the action it follows. */
  private Outcome.Ask asked;
  private long askedId;
  private ProxySettings proxySettings = ProxySettings.DEFAULTS;

  private final Promise<Void> finished = Promise.promise();

  Session(GatewayVerticle gateway, ClientChannel connection, long now) {
    this.gateway = gateway;
    this.connection = connection;
    this.framer = new LineFramer(gateway.settings().maxLine(), this);
    this.limiter = new RateLimiter(gateway.settings().rate(), gateway.settings().burst(), now);
    this.remoteHost = connection.remoteHost();
    this.connectedAt = now;
    this.lastHeard = now;
  }

  void start() {
    send(new Frame.Hello(Frame.VERSION, "chatnet", gateway.settings().maxLine()));
  }

  long clientId() {
    return user.id();
  }

  String name() {
    return user.name();
  }

  String sessionId() {
    return user.session();
  }

  User user() {
    return user;
  }

  /** The token of the last mailbox drain this user was shown. */
  String drainAck() {
    return drainAck;
  }

  void drainAck(String token) {
    drainAck = token;
  }

  ZoneId zone() {
    return zone;
  }

  String remoteHost() {
    return remoteHost;
  }

  State state() {
    return state;
  }

  /** The user's web-proxy settings: they live as long as the session. */
  ProxySettings proxySettings() {
    return proxySettings;
  }

  void proxySettings(ProxySettings settings) {
    proxySettings = settings;
  }

  void onBytes(ByteBuf bytes) {
    // Every line of the read queues first, so actions that came together can go together.
    framer.feed(bytes);
    if (!framer.midLine()) {
      lineStartedAt = 0;
    } else if (lineStartedAt == 0) {
      lineStartedAt = gateway.now();
    }
    pump();
  }

  @Override
  public void onLine(String line) {
    lastHeard = gateway.now();
    lineStartedAt = 0;
    if (admit()) {
      queue(Inbound.decode(line));
    }
  }

  @Override
  public void onBadLine(String code, String message) {
    lastHeard = gateway.now();
    lineStartedAt = 0;
    if (admit()) {
      queue(new Inbound(null, code, message));
    }
  }

  private void queue(Inbound inbound) {
    inbox.add(inbound);
    if (inbox.size() >= INBOX_HIGH_WATER && !readPaused) {
      readPaused = true;
      connection.pauseReading();
    }
  }

  /** Counts the frame against the flood limit; a client that keeps flooding is cut off. */
  private boolean admit() {
    if (state == State.CLOSED) {
      return false;
    }
    RateLimiter.Verdict verdict = limiter.take(gateway.now());
    switch (verdict) {
      case ALLOW:
        return true;
      case THROTTLE:
        gateway.services().meters().rateLimited();
        send(new Frame.Error(null, ErrorCodes.RATE_LIMITED, "Too many requests; slow down. This one was dropped."));
        return false;
      default:
        log.info("Client {} flooded the server; disconnecting", describe());
        disconnect("Disconnected: too many requests.", "flood");
        return false;
    }
  }

  private void pump() {
    while (!inbox.isEmpty() && !writeBlocked && (state == State.GREETED || state == State.AWAITING_ACK || state == State.READY || state == State.ROOM || state == State.ASKING)) {
      handle(inbox.poll());
    }
    if (readPaused && inbox.isEmpty() && state != State.CLOSED) {
      readPaused = false;
      connection.resumeReading();
    }
  }

  /** A line as it came: a frame, or the error that answers it. */
  private record Inbound(Frame frame, String errorCode, String error) {

    static Inbound decode(String line) {
      try {
        return new Inbound(Frames.decode(line), null, null);
      } catch (BadFrameException e) {
        String code = e.reason() == BadFrameException.Reason.UNKNOWN_TYPE ? ErrorCodes.UNKNOWN_TYPE : ErrorCodes.MALFORMED;
        return new Inbound(null, code, "Bad frame: " + e.getMessage());
      }
    }
  }

  private void handle(Inbound inbound) {
    if (inbound.frame() == null) {
      send(new Frame.Error(null, inbound.errorCode(), inbound.error()));
      return;
    }
    Frame frame = inbound.frame();
    if (frame instanceof Frame.Ping ping) {
      send(new Frame.Pong(ping.id()));
    } else if (frame instanceof Frame.Bye) {
      disconnect("Disconnected from server. Goodbye!", "quit");
    } else if (frame instanceof Frame.Login login && state == State.GREETED) {
      register(login);
    } else if (frame instanceof Frame.Ack ack && state == State.AWAITING_ACK) {
      acknowledge(ack);
    } else if (frame instanceof Frame.Action action && state == State.READY) {
      act(action);
    } else if (frame instanceof Frame.Say say && state == State.ROOM) {
      say(say);
    } else if (frame instanceof Frame.Answer answer && state == State.ASKING && answer.id() == askedId) {
      answer(answer);
    } else {
      Long id = frame instanceof Frame.Action action ? Long.valueOf(action.id())
          : frame instanceof Frame.Say say ? Long.valueOf(say.id())
          : frame instanceof Frame.Answer answer ? Long.valueOf(answer.id()) : null;
      send(new Frame.Error(id, ErrorCodes.UNEXPECTED, "A '" + frame.getClass().getSimpleName().toLowerCase(Locale.ROOT) + "' frame is not expected now."));
    }
  }

  private void register(Frame.Login login) {
    state = State.REGISTERING;
    zone = zoneOf(login.zone());
    if (zone == null) {
      zone = ZoneOffset.UTC;
      send(new Frame.Error(null, ErrorCodes.INVALID_INPUT, "Unknown time zone '" + shortened(login.zone())
          + "': it must be an IANA zone id such as Europe/Berlin. Times are shown in UTC."));
    }
    Registration registration = new Registration(login.name() == null ? "" : login.name().trim(), gateway.nodeId());
    gateway.services().request(Addresses.DIRECTORY_REGISTER, registration.toJson())
        .onComplete(result -> {
          if (result.succeeded()) {
            user = User.fromJson(result.result());
            gateway.services().meters().loggedIn();
            if (state == State.CLOSED) {
              gateway.services().meters().loggedOut();
              gateway.departures().leave(user);
              return;
            }
            state = State.AWAITING_ACK;
            send(new Frame.Ready(user.id(), user.name()));
          } else if (state != State.CLOSED) {
            gateway.services().meters().nameRefused(result.cause());
            state = State.GREETED;
            send(new Frame.Retry(retryReason(result.cause())));
          }
          pump();
        });
  }

  private static String retryReason(Throwable error) {
    return switch (Failure.of(error)) {
      case NAME_TAKEN, NAME_INVALID -> error.getMessage();
      case UNAVAILABLE -> "The directory service is unavailable right now. Please try again in a moment.";
      default -> "The name could not be registered: " + error.getMessage();
    };
  }

  private void acknowledge(Frame.Ack ack) {
    if (ack.clientId() != user.id()) {
      send(new Frame.Error(null, ErrorCodes.UNEXPECTED, "The acknowledged id " + ack.clientId() + " is not yours (" + user.id() + ")."));
      return;
    }
    state = State.READY;
    log.info("Client {} connected from {}", describe(), remoteHost);
    show(gateway.mainMenu());
  }

  private void act(Frame.Action action) {
    state = State.BUSY;
    String option = optionOf(action);
    if (screen.batches(option) && queuedAction(option) != null) {
      actTogether(action, option);
      return;
    }
    screen.choose(this, option, inputsOf(action)).onComplete(result -> settle(action.id(), result));
  }

  /** {@code first} and the actions of the same option queued right behind it, as one. */
  private void actTogether(Frame.Action first, String option) {
    List<Frame.Action> batch = new ArrayList<>();
    batch.add(first);
    Frame.Action next;
    while (batch.size() < INBOX_HIGH_WATER && (next = queuedAction(option)) != null) {
      batch.add(next);
      inbox.poll();
    }
    List<Map<String, String>> inputs = new ArrayList<>(batch.size());
    for (Frame.Action action : batch) {
      inputs.add(inputsOf(action));
    }
    screen.chooseAll(this, option, inputs).onComplete(result -> settleAll(batch, result));
  }

  /** The next queued frame, if it is an action of {@code option}. */
  private Frame.Action queuedAction(String option) {
    Inbound next = inbox.peek();
    return next != null && next.frame() instanceof Frame.Action action && optionOf(action).equals(option) ? action : null;
  }

  private static String optionOf(Frame.Action action) {
    return action.option() == null ? "" : action.option().trim();
  }

  private static Map<String, String> inputsOf(Frame.Action action) {
    return action.inputs() == null ? Map.of() : action.inputs();
  }

  /** The client answered the pending question: what follows is decided as for an action. */
  private void answer(Frame.Answer answer) {
    Outcome.Ask ask = asked;
    asked = null;
    state = State.BUSY;
    Map<String, String> inputs = answer.inputs() == null ? Map.of() : answer.inputs();
    Future<Outcome> next;
    try {
      next = ask.then().apply(inputs);
    } catch (RuntimeException e) {
      next = Future.failedFuture(e);
    }
    next.onComplete(result -> settle(answer.id(), result));
  }

  /** Shows how the action {@code id} ended, and what comes next. */
  private void settle(long id, AsyncResult<Outcome> result) {
    if (state == State.CLOSED) {
      if (result.succeeded() && result.result() instanceof Outcome.EnterRoom enter) {
        enter.channel().release();
      }
      return;
    }
    conclude(id, result.succeeded() ? result.result() : failed(result.cause()));
    pump();
  }

  /** Shows how each action of a batch ended, in one write. */
  private void settleAll(List<Frame.Action> batch, AsyncResult<List<Outcome>> result) {
    if (state == State.CLOSED) {
      return;
    }
    corked = Buffer.buffer(batch.size() * 256);
    try {
      for (int i = 0; i < batch.size(); i++) {
        conclude(batch.get(i).id(), result.succeeded() ? result.result().get(i) : failed(result.cause()));
      }
    } finally {
      uncork();
    }
    pump();
  }

  /** Writes what collected while corked. */
  private void uncork() {
    Buffer collected = corked;
    corked = null;
    if (collected != null && collected.length() > 0) {
      write(collected);
    }
  }

  private static Outcome failed(Throwable cause) {
    return new Outcome.Failed(ErrorCodes.INTERNAL, "The action failed: " + cause.getMessage());
  }

  private void conclude(long id, Outcome outcome) {
    state = State.READY;
    if (outcome instanceof Outcome.Lines lines) {
      sendWithMenu(new Frame.Result(id, lines.lines()), screen);
    } else if (outcome instanceof Outcome.Failed failed) {
      sendWithMenu(new Frame.Error(id, failed.code(), failed.message()), screen);
    } else if (outcome instanceof Outcome.Switch next) {
      sendWithMenu(new Frame.Result(id, next.lines()), next.next());
    } else if (outcome instanceof Outcome.Ask ask) {
      asked = ask;
      askedId = id;
      state = State.ASKING;
      send(new Frame.Ask(id, ask.lines(), ask.inputs()));
    } else if (outcome instanceof Outcome.EnterRoom enter) {
      enterRoom(enter);
    } else if (outcome instanceof Outcome.Disconnect bye) {
      disconnect(bye.reason(), "quit");
    }
  }

  private void enterRoom(Outcome.EnterRoom enter) {
    channel = enter.channel();
    room = enter.room();
    roomOwner = enter.owner();
    state = State.ROOM;
    send(new Frame.Room(room.room(), roomOwner ? RoomLines.created(room) : RoomLines.joined(room)));
    // After the banner: the channel may replay lines said since the join.
    channel.add(this, room.epoch(), room.seq());
  }

  /** A line typed in a room: 'exit' and 'bye' steer, anything else is said to the room. */
  private void say(Frame.Say say) {
    String text = say.text() == null ? "" : say.text();
    String word = text.trim();
    if (word.isEmpty()) {
      send(new Frame.Result(say.id(), List.of()));
    } else if (word.equalsIgnoreCase("exit")) {
      if (roomOwner) {
        roomRequest(say.id(), Addresses.CHATROOM_CLOSE, null);
      } else {
        send(new Frame.Result(say.id(), List.of(RoomLines.onlyOwnerCloses(room.owner()))));
      }
    } else if (word.equalsIgnoreCase("bye")) {
      if (roomOwner) {
        send(new Frame.Result(say.id(), List.of(RoomLines.OWNER_TYPES_EXIT)));
      } else {
        roomRequest(say.id(), Addresses.CHATROOM_LEAVE, null);
      }
    } else {
      roomRequest(say.id(), Addresses.CHATROOM_SAY, text);
    }
  }

  private void roomRequest(long id, String address, String text) {
    state = State.BUSY;
    RoomRequest request = new RoomRequest(room.key(), room.epoch(), user, text, UUID.randomUUID().toString());
    // Lines go with the others said in this room here meanwhile; leaving and closing alone.
    Future<?> answered = address.equals(Addresses.CHATROOM_SAY) ? channel.say(request)
        : gateway.services().request(address, request.toJson());
    answered.onComplete(result -> {
      if (state == State.CLOSED) {
        return;
      }
      state = State.ROOM;
      if (channel == null) {
        // The room closed meanwhile, and the menu that followed answered this line.
        state = State.READY;
      } else if (result.succeeded()) {
        if (address.equals(Addresses.CHATROOM_SAY)) {
          send(new Frame.Result(id, List.of()));
        } else {
          exitRoom(address.equals(Addresses.CHATROOM_CLOSE) ? RoomLines.closed(room.room(), user.name()) : null);
        }
      } else {
        Failure failure = Failure.of(result.cause());
        if (failure == Failure.ROOM_NOT_FOUND) {
          exitRoom(result.cause().getMessage());
        } else if (address.equals(Addresses.CHATROOM_LEAVE)) {
          // Out of the room here; the service takes the user out when it is back.
          exitRoom(null);
        } else {
          Outcome.Failed failed = failure == Failure.INVALID_INPUT
              ? new Outcome.Failed(ErrorCodes.INVALID_INPUT, result.cause().getMessage())
              : (Outcome.Failed) Services.unexpected("chat room", result.cause());
          send(new Frame.Error(id, failed.code(), failed.message()));
        }
      }
      pump();
    });
  }

  /** Back to the main menu, after {@code line} when there is one. */
  private void exitRoom(String line) {
    RoomChannel left = channel;
    channel = null;
    room = null;
    left.remove(this);
    if (line != null) {
      send(new Frame.Event(line));
    }
    if (state == State.ROOM) {
      state = State.READY;
    }
    show(gateway.mainMenu());
  }

  /** The room closed (its owner typed 'exit' or left); {@code line} says so. */
  void roomClosed(String line) {
    if (channel == null || state == State.CLOSED) {
      return;
    }
    exitRoom(line);
    pump();
  }

  /** Room lines for this member, already encoded; a member who cannot keep up is dropped. Whether they were written. */
  boolean deliverRoomLines(Buffer lines) {
    if (channel == null || state == State.CLOSED) {
      return false;
    }
    if (connection.writeQueueFull()) {
      dropFromRoom();
      return false;
    }
    connection.write(lines);
    return true;
  }

  private void dropFromRoom() {
    log.info("Client {} cannot keep up with chat room {}; dropping it from the room", describe(), room.room());
    gateway.services().meters().droppedFromRoom();
    JsonObject request = new RoomRequest(room.key(), room.epoch(), user, RoomEvent.DROP).toJson();
    exitRoom(RoomLines.dropped(room.room()));
    gateway.services().request(Addresses.CHATROOM_LEAVE, request)
        .onFailure(err -> log.warn("Could not take {} out of its room: {}", describe(), err.getMessage()));
  }

  private void show(Screen next) {
    screen = next;
    write(next.menuLine());
  }

  /** Tells the client it must go, then closes; clean-up follows from the close. */
  /** @param why a short word for the metrics: flood, idle, handshake, slow-line, shutdown, quit */
  void disconnect(String reason, String why) {
    if (state == State.CLOSED) {
      return;
    }
    gateway.services().meters().disconnected(why);
    uncork();
    send(new Frame.Bye(reason));
    state = State.CLOSED;
    inbox.clear();
    connection.end();
  }

  /** The answer to an action and the menu after it, in one write. */
  private void sendWithMenu(Frame answer, Screen next) {
    screen = next;
    write(Frames.line(answer).appendBuffer(next.menuLine()));
  }

  void send(Frame frame) {
    write(Frames.line(frame));
  }

  private void write(Buffer bytes) {
    if (state == State.CLOSED) {
      return;
    }
    if (corked != null) {
      corked.appendBuffer(bytes);
      return;
    }
    connection.write(bytes);
    if (connection.writeQueueFull()) {
      // The client is not reading: stop taking its requests until it catches up.
      writeBlocked = true;
    }
  }

  /** The client caught up with what it was sent. */
  void onWritable() {
    if (writeBlocked && state != State.CLOSED) {
      writeBlocked = false;
      pump();
    }
  }

  /** Closes a connection that said nothing for too long, or never finished the handshake. */
  void checkIdle(long now) {
    GatewaySettings settings = gateway.settings();
    if (state == State.CLOSED) {
      return;
    }
    if (user == null && now - connectedAt > settings.handshakeTimeoutMillis()) {
      disconnect("Disconnected: the handshake did not finish in time.", "handshake");
    } else if (now - lastHeard > settings.idleTimeoutMillis()) {
      log.info("Client {} was silent too long; disconnecting", describe());
      disconnect("Disconnected: no word from the client for " + settings.idleTimeoutMillis() / 1000 + " seconds.", "idle");
    } else if (lineStartedAt != 0 && now - lineStartedAt > settings.lineTimeoutMillis()) {
      log.info("Client {} left a line unfinished too long; disconnecting", describe());
      disconnect("Disconnected: a line took longer than " + settings.lineTimeoutMillis() / 1000 + " seconds to arrive.",
          "slow-line");
    }
  }

  /** Settles once the connection is closed and the user it held is out of the directory. */
  Future<Void> finished() {
    return finished.future();
  }

  /** The server is going down in {@code seconds}. */
  void warnShutdown(int seconds) {
    send(new Frame.Shutdown(seconds, "Server will shut down in " + seconds + " seconds"));
  }

  void onClosed() {
    state = State.CLOSED;
    inbox.clear();
    if (channel != null) {
      // The service learns of the departure from the directory, as it does when a gateway dies.
      channel.remove(this);
      channel = null;
    }
    gateway.forget(this);
    if (user != null) {
      log.info("Client {} disconnected", describe());
      gateway.services().meters().loggedOut();
      gateway.departures().leave(user).onComplete(finished);
    } else {
      finished.complete();
    }
  }

  private String describe() {
    return user == null ? remoteHost : user.name() + " (" + user.id() + ")";
  }

  private static String shortened(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "...";
  }

  /** The zone a client named: UTC when it named none, null when it is not an IANA zone id (or UTC/offset form). */
  private static ZoneId zoneOf(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneOffset.UTC;
    }
    if (!ZONES.contains(zone) && !zone.matches("Z|UTC|GMT|[+-]\\d{2}:\\d{2}")) {
      return null;
    }
    try {
      return ZoneId.of(zone);
    } catch (DateTimeException e) {
      return null;
    }
  }
}
