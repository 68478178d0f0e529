package dev.chatnet.runtime;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint for container health checks, launchers and Prometheus: {@code GET /health}
 * is 200 once the process has joined the cluster and deployed its verticles, 503 while it stops;
 * {@code GET /metrics} is every meter of the process (see {@link Metrics}).
 */
public final class Health {

  private static final Logger log = LoggerFactory.getLogger(Health.class);

  private final Node node;
  private final String service;
  private volatile boolean stopping;
  private volatile boolean safe;
  private int port = -1;

  private Health(Node node, String service) {
    this.node = node;
    this.service = service;
  }

  /**
   * Whether the cluster is safe is asked of every member and can wait long on one that just
   * died: a thread of its own asks, so neither event loops nor the shared worker pool wait.
   */
  private void watchSafety() {
    ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "chatnet-health");
      thread.setDaemon(true);
      return thread;
    });
    watcher.scheduleWithFixedDelay(() -> {
      try {
        safe = node.membership().safe();
      } catch (RuntimeException e) {
        safe = false;
      }
    }, 0, 1, TimeUnit.SECONDS);
  }

  /** Listens on {@code health-port} (0: any free port; negative: no endpoint). */
  public static Future<Health> start(Node node, JsonObject config, String service) {
    Health health = new Health(node, service);
    int port = config.getInteger("health-port", -1);
    if (port < 0) {
      return Future.succeededFuture(health);
    }
    health.watchSafety();
    HttpServer server = node.vertx().createHttpServer().requestHandler(health::handle);
    return server.listen(port, config.getString("health-host", "0.0.0.0")).map(listening -> {
      health.port = listening.actualPort();
      log.info("Health at http://{}:{}/health", config.getString("health-host", "0.0.0.0"), listening.actualPort());
      return health;
    });
  }

  /** Prometheus's text format; rendering every meter is work for a worker thread, not the event loop. */
  private void metrics(HttpServerRequest request) {
    node.vertx().executeBlocking(() -> Metrics.scrape(node.vertx()), false).onComplete(scraped -> {
      if (scraped.failed() || scraped.result() == null) {
        request.response().setStatusCode(scraped.failed() ? 500 : 404)
            .end(scraped.failed() ? "The metrics could not be read.\n" : "Metrics are off (metrics=false).\n");
        return;
      }
      request.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(scraped.result());
    });
  }

  /** Where it listens (the real port when configured with 0), or -1 without an endpoint. */
  public int port() {
    return port;
  }

  void stopping() {
    stopping = true;
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/metrics")) {
      metrics(request);
      return;
    }
    if (!request.path().equals("/health")) {
      request.response().setStatusCode(404).end();
      return;
    }
    JsonObject body = new JsonObject()
        .put("status", stopping ? "DOWN" : "UP")
        .put("service", service)
        // Which process answers: a script that started one knows the port is not another's.
        .put("pid", ProcessHandle.current().pid())
        .put("node", node.id())
        .put("clusterMembers", node.membership().nodes().size())
        // Safe: all data has its backup; a rolling restart waits for this before the next stop.
        .put("clusterSafe", safe);
    request.response()
        .setStatusCode(stopping ? 503 : 200)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }
}
