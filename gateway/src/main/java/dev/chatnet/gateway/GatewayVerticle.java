package dev.chatnet.gateway;

import io.netty.channel.Channel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway: accepts client connections, runs one {@link Session} each, and on undeploy
 * warns every client, waits the grace period, and closes them.
 */
public class GatewayVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(GatewayVerticle.class);
  private static final long SWEEP_MILLIS = 1000;

  public static JsonObject defaults() {
    return GatewaySettings.defaults();
  }

  private final String nodeId;
  private final Listener sharedListener;
  private final Set<Session> sessions = new HashSet<>();
  private GatewaySettings settings;
  private Services services;
  private Departures departures;
  private MainMenu mainMenu;
  private Listener listener;
  /** Null: the port speaks clear text. */
  private TlsPort tls;
  private int port;
  private long sweeper;
  private boolean shuttingDown;
  /** The shutdown grace is over: every session is being closed. */
  private boolean closed;

  /** @param nodeId the cluster node this gateway runs on; its users are swept if it dies */
  /** A gateway with a port of its own: deploy several instances on one port with {@link Gateways}. */
  public GatewayVerticle(String nodeId) {
    this(nodeId, null);
  }

  /** One of several instances sharing {@code listener}'s port. */
  GatewayVerticle(String nodeId, Listener listener) {
    this.nodeId = nodeId;
    this.sharedListener = listener;
  }

  @Override
  public Future<?> start() {
    settings = GatewaySettings.from(config());
    try {
      tls = TlsPort.from(vertx, settings);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    services = new Services(vertx, settings.requestTimeoutMillis(), new GatewayMeters(vertx));
    departures = new Departures(services, vertx);
    mainMenu = new MainMenu(services, new RoomHub(vertx, services, settings.roomFlushMillis()), settings.proxyRequestTimeoutMillis());
    sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    listener = sharedListener != null ? sharedListener : new Listener(settings.host(), settings.port());
    return listener.join(vertx, this).onSuccess(bound -> port = bound);
  }

  /** The port it listens on (the real one when configured with 0). */
  public int port() {
    return port;
  }

  public String host() {
    return settings.host();
  }

  /** True when the port speaks TLS. */
  public boolean tls() {
    return tls != null;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    shuttingDown = true;
    departures.flush();
    // New connections go to the instances that stay; the last one to leave stops listening.
    Future<Void> left = listener.leave(this);
    if (sessions.isEmpty()) {
      return left;
    }
    int grace = settings.shutdownGraceSeconds();
    log.info("Shutting down: telling {} clients, closing in {} seconds", sessions.size(), grace);
    sessions.forEach(s -> s.warnShutdown(grace));
    Promise<Void> done = Promise.promise();
    vertx.setTimer(grace * 1000L, id -> {
      closed = true;
      List<Session> open = new ArrayList<>(sessions);
      open.forEach(s -> s.disconnect("Server shut down.", "shutdown"));
      Future.join(open.stream().map(Session::finished).toList())
          .eventually(() -> left)
          .onComplete(v -> done.complete());
    });
    return done.future();
  }

  /** Called on the acceptor's thread: the connection is served on this verticle's event loop. */
  void accept(Channel child) {
    if (tls == null) {
      child.pipeline().addLast(new ClientChannel(this, context, false));
    } else {
      tls.install(child, new ClientChannel(this, context, true));
    }
    VertxInternals.registerOn(context, child).addListener(registered -> {
      if (!registered.isSuccess()) {
        log.warn("Could not take a connection: {}", registered.cause().getMessage());
        child.unsafe().closeForcibly();
      }
    });
  }

  Session onConnect(ClientChannel connection) {
    Session session = new Session(this, connection, now());
    sessions.add(session);
    session.start();
    // Accepted just before this instance stopped taking connections.
    if (closed) {
      session.disconnect("Server shut down.", "shutdown");
    } else if (shuttingDown) {
      session.warnShutdown(settings.shutdownGraceSeconds());
    }
    return session;
  }

  private void sweep() {
    long now = now();
    // Copy: an idle session leaving changes the set.
    new ArrayList<>(sessions).forEach(s -> s.checkIdle(now));
  }

  Departures departures() {
    return departures;
  }

  void forget(Session session) {
    sessions.remove(session);
  }

  GatewaySettings settings() {
    return settings;
  }

  Services services() {
    return services;
  }

  MainMenu mainMenu() {
    return mainMenu;
  }

  String nodeId() {
    return nodeId;
  }

  long now() {
    return System.currentTimeMillis();
  }
}
