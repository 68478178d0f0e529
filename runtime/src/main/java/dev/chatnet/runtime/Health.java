package dev.chatnet.runtime;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint for container health checks and launchers: {@code GET /health} is 200
 * once the process has joined the cluster and deployed its verticles, 503 while it stops.
 */
public final class Health {

  private static final Logger log = LoggerFactory.getLogger(Health.class);

  private final Node node;
  private final String service;
  private volatile boolean stopping;

  private Health(Node node, String service) {
    this.node = node;
    this.service = service;
  }

  /** Listens on {@code health-port} (0: any free port; negative: no endpoint). */
  static Future<Health> start(Node node, JsonObject config, String service) {
    Health health = new Health(node, service);
    int port = config.getInteger("health-port", -1);
    if (port < 0) {
      return Future.succeededFuture(health);
    }
    HttpServer server = node.vertx().createHttpServer().requestHandler(health::handle);
    return server.listen(port, config.getString("health-host", "0.0.0.0")).map(listening -> {
      log.info("Health at http://{}:{}/health", config.getString("health-host", "0.0.0.0"), listening.actualPort());
      return health;
    });
  }

  void stopping() {
    stopping = true;
  }

  private void handle(HttpServerRequest request) {
    if (!request.path().equals("/health")) {
      request.response().setStatusCode(404).end();
      return;
    }
    boolean down = stopping;
    // Asking the partitions whether they are safe waits on other members: not on the event loop.
    node.vertx().executeBlocking(() -> new JsonObject()
            .put("status", down ? "DOWN" : "UP")
            .put("service", service)
            .put("node", node.id())
            .put("clusterMembers", node.membership().nodes().size())
            // Safe: all data has its backup; a rolling restart waits for this before the next stop.
            .put("clusterSafe", node.membership().safe()))
        .onSuccess(body -> request.response()
            .setStatusCode(down ? 503 : 200)
            .putHeader("content-type", "application/json")
            .end(body.encode()))
        .onFailure(err -> request.response().setStatusCode(503).end());
  }
}
