package dev.chatnet.proxy;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local origin server for the proxy's tests, on 127.0.0.1 and a free port: it counts the
 * requests for each path and records the headers of each, and serves the kinds of response
 * the proxy must tell apart.
 */
public final class TestOrigin {

  public static final String USER = "alice";
  public static final String PASSWORD = "wonderland";
  public static final String LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT";

  /** One request as the origin got it. */
  public record Seen(String method, String path, MultiMap headers, String body) {
  }

  /** Completes when a client hangs up on /endless. */
  private final io.vertx.core.Promise<Void> endlessClosed = io.vertx.core.Promise.promise();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private HttpServer server;

  public static Future<TestOrigin> start(Vertx vertx) {
    TestOrigin origin = new TestOrigin();
    return origin.listen(vertx, new HttpServerOptions()).map(origin);
  }

  /** The same routes over TLS with a self-signed certificate. */
  public static Future<TestOrigin> startTls(Vertx vertx) {
    var certificate = io.vertx.core.net.SelfSignedCertificate.create("localhost");
    TestOrigin origin = new TestOrigin();
    return origin.listen(vertx, new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions()))
        .map(origin);
  }

  private Future<HttpServer> listen(Vertx vertx, HttpServerOptions options) {
    server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0)).requestHandler(this::onRequest);
    return server.listen();
  }

  public int port() {
    return server.actualPort();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public Future<Void> endlessClosed() {
    return endlessClosed.future();
  }

  public int count(String path) {
    return counts.getOrDefault(path, new AtomicInteger()).get();
  }

  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  public Seen last(String path) {
    List<Seen> all = seen.stream().filter(s -> s.path().equals(path)).toList();
    return all.isEmpty() ? null : all.get(all.size() - 1);
  }

  private void onRequest(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      String path = request.path();
      counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      seen.add(new Seen(request.method().name(), path, MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.toString(StandardCharsets.UTF_8)));
      serve(request, path, body);
    });
  }

  /** Writes 64 KiB at a time, each after the last was taken, until the connection goes. */
  private static void writeForever(HttpServerRequest request, HttpServerResponse response) {
    if (response.closed()) {
      return;
    }
    response.write(Buffer.buffer(new byte[64 * 1024]))
        .onSuccess(v -> writeForever(request, response));
  }

  private void serve(HttpServerRequest request, String path, Buffer body) {
    HttpServerResponse response = request.response();
    switch (path) {
      case "/cacheable" -> response.putHeader("Cache-Control", "max-age=60").end("cacheable #" + count(path) + "\n");
      case "/vary" -> response.putHeader("Cache-Control", "max-age=60").putHeader("Vary", "Accept-Language")
          .end("lang=" + request.getHeader("Accept-Language"));
      case "/public-for-all" -> response.putHeader("Cache-Control", "public, max-age=60").end("shared\n");
      case "/etag" -> {
        if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
          response.setStatusCode(304).putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "max-age=0").end();
        } else {
          response.putHeader("ETag", "\"v1\"").putHeader("Cache-Control", "max-age=0").end("tagged #" + count(path));
        }
      }
      case "/last-modified" -> {
        if (LAST_MODIFIED.equals(request.getHeader("If-Modified-Since"))) {
          response.setStatusCode(304).end();
        } else {
          response.putHeader("Last-Modified", LAST_MODIFIED).putHeader("Cache-Control", "no-cache").end("dated #" + count(path));
        }
      }
      case "/heuristic" -> response.putHeader("Last-Modified", LAST_MODIFIED).end("heuristic #" + count(path));
      case "/no-store" -> response.putHeader("Cache-Control", "no-store, max-age=60").end("no-store #" + count(path));
      case "/private" -> response.putHeader("Cache-Control", "private, max-age=60").end("private #" + count(path));
      case "/secret" -> {
        String expected = "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        if (expected.equals(request.getHeader("Authorization"))) {
          response.putHeader("Cache-Control", "max-age=60").end("the secret #" + count(path));
        } else {
          response.setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"test\"").end("who are you?");
        }
      }
      case "/moved" -> response.setStatusCode(301).putHeader("Location", "/target").end();
      case "/target" -> response.end("you found the target");
      case "/redirect" -> response.setStatusCode(302).putHeader("Location", request.getParam("to")).end();
      case "/missing" -> response.setStatusCode(404).end("not here");
      case "/large" -> response.end(Buffer.buffer("x".repeat(100 * 1024)));
      case "/huge" -> response.end(Buffer.buffer(new byte[3 * 1024 * 1024]));
      case "/slow" -> {
        // Never answers: the proxy's time limit must.
      }
      case "/endless" -> {
        response.setChunked(true);
        response.closeHandler(v -> endlessClosed.tryComplete());
        request.connection().closeHandler(v -> endlessClosed.tryComplete());
        writeForever(request, response);
      }
      case "/echo" -> response.putHeader("Content-Type", "text/plain").end(request.method() + " " + body);
      default -> response.putHeader("Content-Type", "text/html").end("<!doctype html>\n<p>hello from the origin</p>\n");
    }
  }
}
