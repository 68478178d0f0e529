package dev.chatnet.runtime;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
  private static final long SAFETY_FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final long SAFETY_WAIT_MILLIS = 1500;

  private final Node node;
  private final String service;
  private volatile boolean stopping;
  private int port = -1;
  /** Asks whether the cluster is safe, see {@link #safety()}; its thread starts with the first question. */
  private final ExecutorService watcher = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "chatnet-health");
    thread.setDaemon(true);
    return thread;
  });
  // The rest only on the endpoint's event loop.
  private boolean safe;
  private long checkedAt = System.nanoTime() - SAFETY_FRESH_NANOS;
  private Future<Boolean> checking;

  private Health(Node node, String service) {
    this.node = node;
    this.service = service;
  }

  /**
   * Whether every entry of the cluster has its backup: asked of every other member, so only when
   * a request wants it and at most once per {@link #SAFETY_FRESH_NANOS} (every member asking on a
   * timer costs N × (N - 1) operations a second, used or not). It can wait long on a member that
   * just died, so a thread of its own asks, and an answer later than {@link #SAFETY_WAIT_MILLIS}
   * counts as not safe; the next request gets the late answer.
   */
  private Future<Boolean> safety() {
    if (checking != null) {
      return checking;
    }
    if (System.nanoTime() - checkedAt < SAFETY_FRESH_NANOS) {
      return Future.succeededFuture(safe);
    }
    Context context = Vertx.currentContext();
    Promise<Boolean> answered = Promise.promise();
    checking = answered.future();
    watcher.execute(() -> {
      boolean now;
      try {
        now = node.membership().safe();
      } catch (RuntimeException e) {
        now = false;
      }
      boolean result = now;
      context.runOnContext(v -> {
        safe = result;
        checkedAt = System.nanoTime();
        checking = null;
        answered.complete(result);
      });
    });
    return checking;
  }

  /** Listens on {@code health-port} (0: any free port; negative: no endpoint). */
  public static Future<Health> start(Node node, JsonObject config, String service) {
    Health health = new Health(node, service);
    int port = config.getInteger("health-port", -1);
    if (port < 0) {
      return Future.succeededFuture(health);
    }
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
    safety().timeout(SAFETY_WAIT_MILLIS, TimeUnit.MILLISECONDS).otherwise(false).onSuccess(clusterSafe -> {
      JsonObject body = new JsonObject()
          .put("status", stopping ? "DOWN" : "UP")
          .put("service", service)
          // Which process answers: a script that started one knows the port is not another's.
          .put("pid", ProcessHandle.current().pid())
          .put("node", node.id())
          .put("clusterMembers", node.membership().nodes().size())
          // Safe: all data has its backup; a rolling restart waits for this before the next stop.
          .put("clusterSafe", clusterSafe);
      request.response()
          .setStatusCode(stopping ? 503 : 200)
          .putHeader("content-type", "application/json")
          .end(body.encode());
    });
  }
}
