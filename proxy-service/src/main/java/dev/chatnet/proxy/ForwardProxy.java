package dev.chatnet.proxy;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.net.URI;
import java.net.URISyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standard HTTP forward proxy (for {@code curl -x}, browsers and tools): absolute-form
 * requests go through the same cache, privacy and access policy as the menu's; CONNECT opens
 * a tunnel (for HTTPS) to an allowed destination.
 */
final class ForwardProxy {

  private static final Logger log = LoggerFactory.getLogger(ForwardProxy.class);
  /** A method is a token (RFC 9110 §9.1); one the cache does not know is passed on and treated as unsafe. */
  private static final java.util.regex.Pattern METHOD = java.util.regex.Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}");
  private static final String VIA = "1.1 chatnet-proxy";

  private final Vertx vertx;
  private final ProxyConfig config;
  private final Origin origin;
  private final Fetcher fetcher;
  private final NetClient tunnels;
  private final ProxyRequests requests;
  private HttpServer server;

  ForwardProxy(Vertx vertx, ProxyConfig config, Origin origin, Fetcher fetcher, MeterRegistry meters) {
    this.vertx = vertx;
    this.requests = ProxyRequests.of(meters, "port");
    this.config = config;
    this.origin = origin;
    this.fetcher = fetcher;
    this.tunnels = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) config.connectTimeoutMillis()));
  }

  Future<HttpServer> listen() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port()))
        .requestHandler(this::onRequest);
    return server.listen();
  }

  int port() {
    return server.actualPort();
  }

  Future<Void> close() {
    tunnels.close();
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void onRequest(HttpServerRequest request) {
    if (request.method() == HttpMethod.CONNECT) {
      tunnel(request);
      return;
    }
    if (!METHOD.matcher(request.method().name()).matches()) {
      fail(request, 405, "The method " + request.method() + " is not supported by this proxy.");
      return;
    }
    URI uri;
    try {
      uri = Origin.checkedUri(request.uri());
    } catch (OriginFailure e) {
      fail(request, 400, "This is a forward proxy: send absolute-form requests (http://host/path). " + e.getMessage());
      return;
    }
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,18}") && Long.parseLong(length) > config.maxResponse()) {
      fail(request, 413, "The request body is larger than the proxy's limit of " + config.maxResponse() + " bytes.");
      return;
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
    HopByHop.strip(headers);
    headers.remove("Host");
    if (config.portPrivate()) {
      HopByHop.stripIdentifying(headers);
      headers.set("Via", VIA);
    } else {
      HopByHop.addForwardedFor(headers, request.remoteAddress().hostAddress());
      headers.add("Via", VIA);
    }
    String method = request.method().name();
    readBody(request)
        .compose(body -> fetcher.fetch(new Outbound(method, uri, headers, body.length() == 0 ? null : body,
            hints -> earlyHints(request, hints)), config.portCaching(), false))
        .andThen(requests::count)
        .onSuccess(fetched -> respond(request, fetched))
        .onFailure(err -> {
          OriginFailure failure = err instanceof OriginFailure f ? f
              : new OriginFailure(OriginFailure.Kind.FAILED, "The request failed: " + err.getMessage());
          fail(request, failure.kind().httpStatus, failure.getMessage());
          if (failure.kind() == OriginFailure.Kind.REQUEST_TOO_LARGE) {
            request.connection().close(); // The rest of the body is not worth reading.
          }
        });
  }

  /** The request's body, refused past the size limit even when no Content-Length announced it. */
  private Future<Buffer> readBody(HttpServerRequest request) {
    Promise<Buffer> body = Promise.promise();
    Buffer received = Buffer.buffer();
    request.handler(chunk -> {
      if (received.length() + (long) chunk.length() > config.maxResponse()) {
        body.tryFail(new OriginFailure(OriginFailure.Kind.REQUEST_TOO_LARGE,
            "The request body is larger than the proxy's limit of " + config.maxResponse() + " bytes."));
        request.pause();
      } else {
        received.appendBuffer(chunk);
      }
    });
    request.exceptionHandler(body::tryFail);
    request.endHandler(v -> body.tryComplete(received));
    return body.future();
  }

  /** An origin's 103 goes on to the client as it comes; it is never stored. */
  private static void earlyHints(HttpServerRequest request, MultiMap hints) {
    HttpServerResponse response = request.response();
    if (!response.closed() && !response.headWritten()) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(hints);
      HopByHop.strip(headers);
      response.writeEarlyHints(headers);
    }
  }

  private void respond(HttpServerRequest request, Fetched fetched) {
    HttpServerResponse response = request.response();
    if (response.closed()) {
      fetched.body().release();
      return;
    }
    MultiMap headers = response.headers().addAll(fetched.headers());
    if (!fetched.cached()) {
      HopByHop.strip(headers); // A stored response lost them when it was stored.
    }
    boolean head = request.method() == HttpMethod.HEAD;
    if (!head) {
      headers.remove("Content-Length"); // Set from the body actually sent.
    }
    response.setStatusCode(fetched.status()).setStatusMessage(fetched.reason() == null ? "" : fetched.reason());
    headers.add("Via", VIA);
    response.headers().set("X-Cache", fetched.cached() ? "HIT" : "MISS");
    if (head || fetched.status() == 204 || fetched.status() == 304) {
      fetched.body().release();
      response.end();
    } else {
      fetched.body().sendTo(response);
    }
  }

  /** CONNECT host:port: checks the destination, connects, answers 200 and joins the two sockets. */
  private void tunnel(HttpServerRequest request) {
    String target = request.uri();
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || !target.substring(colon + 1).matches("\\d{1,5}")) {
      fail(request, 400, "CONNECT needs host:port, not '" + target + "'.");
      return;
    }
    String host = target.substring(0, colon);
    int port = Integer.parseInt(target.substring(colon + 1));
    origin.resolveAllowed(host, port)
        .compose(address -> tunnels.connect(port, address.getHostAddress())
            .recover(err -> Future.failedFuture(new OriginFailure(OriginFailure.Kind.REFUSED,
                "Could not connect to " + target + ": " + err.getMessage()))))
        .onSuccess(upstream -> request.toNetSocket()
            .onSuccess(downstream -> join(downstream, upstream))
            .onFailure(err -> upstream.close()))
        .onFailure(err -> {
          OriginFailure failure = err instanceof OriginFailure f ? f
              : new OriginFailure(OriginFailure.Kind.FAILED, err.getMessage());
          fail(request, failure.kind().httpStatus, failure.getMessage());
        });
  }

  private static void join(NetSocket downstream, NetSocket upstream) {
    downstream.pipeTo(upstream);
    upstream.pipeTo(downstream);
  }

  /**
   * A URL as a log may show it: scheme, host and path. Its user info and query can carry a
   * user's secrets, and the failure's message quotes the URL, so neither is logged.
   */
  static String loggable(String uri) {
    try {
      URI parsed = new URI(uri);
      return parsed.getHost() == null ? "(a path)" : parsed.getScheme() + "://" + parsed.getHost() + parsed.getRawPath();
    } catch (URISyntaxException e) {
      return "(a URL that does not parse)";
    }
  }

  private static void fail(HttpServerRequest request, int status, String message) {
    if (log.isDebugEnabled()) {
      log.debug("Proxy answered {} {}: {}", request.method(), loggable(request.uri()), status);
    }
    HttpServerResponse response = request.response();
    if (response.closed() || response.headWritten()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Via", VIA)
        .end(Buffer.buffer(message + "\n"));
  }
}
