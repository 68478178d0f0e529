package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.ProxySettings;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One client connection and everything it owns: its state, its user, and the parts that act
 * on them: the {@link Handshake} until the user is in, the {@link ActionRunner} that takes
 * the client's frames in order, the {@link RoomMember} while in a room, and the
 * {@link Outbox} that writes. All of it runs on the gateway verticle's event loop.
 */
final class Session implements LineFramer.Sink {

  private static final Logger log = LoggerFactory.getLogger(Session.class);

  enum State { GREETED, REGISTERING, AWAITING_ACK, READY, ROOM, ASKING, BUSY, CLOSED }

  private final GatewayVerticle gateway;
  private final ClientChannel connection;
  private final LineFramer framer;
  private final RateLimiter limiter;
  private final String remoteHost;
  private final Outbox outbox;
  private final ActionRunner actions;
  /** Until the user is in; null after. */
  private Handshake handshake;
  /** While in a room; null otherwise. */
  private RoomMember room;
  private State state = State.GREETED;

  /** When the client last sent a whole line: bytes that never end a line do not count. */
  private long lastHeard;
  /** When the line being received began, or 0 between lines. */
  private long lineStartedAt;
  private final long connectedAt;
  private User user;
  private ZoneId zone = ZoneOffset.UTC;
  private String drainAck;
  private ProxySettings proxySettings = ProxySettings.DEFAULTS;

  private final Promise<Void> finished = Promise.promise();

  Session(GatewayVerticle gateway, ClientChannel connection, long now) {
    this.gateway = gateway;
    this.connection = connection;
    this.framer = new LineFramer(gateway.settings().maxLine(), this);
    this.limiter = new RateLimiter(gateway.settings().rate(), gateway.settings().burst(), now);
    this.remoteHost = connection.remoteHost();
    this.outbox = new Outbox(this, connection);
    this.actions = new ActionRunner(this);
    this.handshake = new Handshake(this, gateway);
    this.connectedAt = now;
    this.lastHeard = now;
  }

  void start() {
    handshake.start();
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

  void user(User registered) {
    user = registered;
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

  void zone(ZoneId named) {
    zone = named;
  }

  String remoteHost() {
    return remoteHost;
  }

  State state() {
    return state;
  }

  void state(State next) {
    state = next;
  }

  /** The user's web-proxy settings: they live as long as the session. */
  ProxySettings proxySettings() {
    return proxySettings;
  }

  void proxySettings(ProxySettings settings) {
    proxySettings = settings;
  }

  ClientChannel connection() {
    return connection;
  }

  Outbox outbox() {
    return outbox;
  }

  ActionRunner actions() {
    return actions;
  }

  Handshake handshake() {
    return handshake;
  }

  /** The user is in: the handshake is no longer needed. */
  void handshakeDone() {
    handshake = null;
  }

  RoomMember room() {
    return room;
  }

  Services services() {
    return gateway.services();
  }

  MainMenu mainMenu() {
    return gateway.mainMenu();
  }

  void onBytes(ByteBuf bytes) {
    // Every line of the read queues first, so actions that came together can go together.
    framer.feed(bytes);
    if (!framer.midLine()) {
      lineStartedAt = 0;
    } else if (lineStartedAt == 0) {
      lineStartedAt = gateway.now();
    }
    actions.pump();
  }

  @Override
  public void onLine(String line) {
    lastHeard = gateway.now();
    lineStartedAt = 0;
    if (admit()) {
      actions.queue(ActionRunner.Inbound.decode(line));
    }
  }

  @Override
  public void onBadLine(String code, String message) {
    lastHeard = gateway.now();
    lineStartedAt = 0;
    if (admit()) {
      actions.queue(new ActionRunner.Inbound(null, code, message));
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
        about(log.atInfo()).log("Client {} flooded the server; disconnecting", describe());
        disconnect("Disconnected: too many requests.", "flood");
        return false;
    }
  }

  /** In room mode from now on. */
  void enterRoom(Outcome.EnterRoom enter) {
    room = new RoomMember(this, enter);
    state = State.ROOM;
    room.enter();
  }

  /** Out of room mode. */
  void leftRoom() {
    room = null;
  }

  void send(Frame frame) {
    outbox.send(frame);
  }

  /** The client caught up with what it was sent. */
  void onWritable() {
    if (state != State.CLOSED && outbox.unblock()) {
      actions.pump();
    }
  }

  /**
   * Tells the client it must go, then closes; clean-up follows from the close.
   *
   * @param why a short word for the metrics: flood, idle, handshake, slow-line, shutdown, quit
   */
  void disconnect(String reason, String why) {
    if (state == State.CLOSED) {
      return;
    }
    gateway.services().meters().disconnected(why);
    outbox.uncork();
    send(new Frame.Bye(reason));
    state = State.CLOSED;
    actions.clear();
    connection.end();
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
      about(log.atInfo()).log("Client {} was silent too long; disconnecting", describe());
      disconnect("Disconnected: no word from the client for " + settings.idleTimeoutMillis() / 1000 + " seconds.", "idle");
    } else if (lineStartedAt != 0 && now - lineStartedAt > settings.lineTimeoutMillis()) {
      about(log.atInfo()).log("Client {} left a line unfinished too long; disconnecting", describe());
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
    actions.clear();
    if (room != null) {
      // The service learns of the departure from the directory, as it does when a gateway dies.
      room.leave();
    }
    gateway.forget(this);
    if (user != null) {
      about(log.atInfo()).log("Client {} disconnected", describe());
      gateway.services().meters().loggedOut();
      gateway.departures().leave(user).onComplete(finished);
    } else {
      finished.complete();
    }
  }

  /** Who this is, for a log line: the user once there is one, else where the connection came from. */
  String describe() {
    return user == null ? remoteHost : user.name() + " (" + user.id() + ")";
  }

  /** A log line about this session: once there is a user, its client id goes with it as {@code client}. */
  LoggingEventBuilder about(LoggingEventBuilder line) {
    return user == null ? line : line.addKeyValue("client", user.id());
  }
}
