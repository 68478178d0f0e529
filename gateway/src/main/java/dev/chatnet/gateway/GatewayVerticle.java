package dev.chatnet.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
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
  private final Set<Session> sessions = new HashSet<>();
  private GatewaySettings settings;
  private Services services;
  private Departures departures;
  private MainMenu mainMenu;
  private NetServer server;
  private long sweeper;
  private boolean shuttingDown;

  /** @param nodeId the cluster node this gateway runs on; its users are swept if it dies */
  public GatewayVerticle(String nodeId) {
    this.nodeId = nodeId;
  }

  @Override
  public Future<?> start() {
    settings = GatewaySettings.from(config());
    services = new Services(vertx.eventBus(), settings.requestTimeoutMillis());
    departures = new Departures(services);
    mainMenu = new MainMenu(services, new RoomHub(vertx, services, settings.roomFlushMillis()), settings.proxyRequestTimeoutMillis());
    sweeper = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    server = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true))
        .connectHandler(this::onConnect);
    return server.listen(settings.port(), settings.host());
  }

  /** The port it listens on (the real one when configured with 0). */
  public int port() {
    return server.actualPort();
  }

  public String host() {
    return settings.host();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    shuttingDown = true;
    departures.flush();
    if (sessions.isEmpty()) {
      return server.close();
    }
    int grace = settings.shutdownGraceSeconds();
    log.info("Shutting down: telling {} clients, closing in {} seconds", sessions.size(), grace);
    sessions.forEach(s -> s.warnShutdown(grace));
    Promise<Void> done = Promise.promise();
    vertx.setTimer(grace * 1000L, id -> {
      List<Session> open = new ArrayList<>(sessions);
      open.forEach(s -> s.disconnect("Server shut down."));
      Future.join(open.stream().map(Session::finished).toList())
          .eventually(() -> server.close())
          .onComplete(v -> done.complete());
    });
    return done.future();
  }

  private void onConnect(NetSocket socket) {
    Session session = new Session(this, socket, now());
    sessions.add(session);
    session.start();
    if (shuttingDown) {
      session.warnShutdown(settings.shutdownGraceSeconds());
    }
  }

  private void sweep() {
    long now = now();
    // Copy: an idle session leaving changes the set.
    new ArrayList<>(sessions).forEach(s -> s.checkIdle(now));
  }

  /** Runs {@code action} on this verticle's event loop after {@code delayMillis}. */
  void later(long delayMillis, Runnable action) {
    vertx.setTimer(delayMillis, id -> action.run());
  }

  Departures departures() {
    return departures;
  }

  boolean shuttingDown() {
    return shuttingDown;
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
