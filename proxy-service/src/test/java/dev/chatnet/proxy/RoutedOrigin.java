package dev.chatnet.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A real local origin on 127.0.0.1 whose answers a test sets path by path: a route gets the
 * request and its number among that path's requests (from 1). It counts the requests to each
 * path and notes the If-None-Match each one carried.
 */
final class RoutedOrigin {

  private final Map<String, BiConsumer<HttpServerRequest, Integer>> routes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<String> seenIfNoneMatch = new CopyOnWriteArrayList<>();
  private HttpServer server;

  static RoutedOrigin start(Vertx vertx) throws Exception {
    RoutedOrigin origin = new RoutedOrigin();
    origin.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(origin::handle)
        .listen().await(10, TimeUnit.SECONDS);
    return origin;
  }

  private void handle(HttpServerRequest request) {
    int n = counts.computeIfAbsent(request.path(), p -> new AtomicInteger()).incrementAndGet();
    String inm = request.getHeader("If-None-Match");
    if (inm != null) {
      seenIfNoneMatch.add(request.path() + " " + inm);
    }
    BiConsumer<HttpServerRequest, Integer> route = routes.get(request.path());
    if (route == null) {
      request.response().setStatusCode(404).end("no route");
    } else {
      route.accept(request, n);
    }
  }

  /** From now on, requests to {@code path} are answered by {@code route}. */
  void route(String path, BiConsumer<HttpServerRequest, Integer> route) {
    routes.put(path, route);
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  int count(String path) {
    return counts.getOrDefault(path, new AtomicInteger()).get();
  }

  /** "path value" for each request that carried If-None-Match, in order. */
  List<String> seenIfNoneMatch() {
    return seenIfNoneMatch;
  }
}
