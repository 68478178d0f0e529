package dev.chatnet.proxy;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Sends requests to origin servers through Vert.x's HTTP client: the name is resolved first
 * and the resolved address checked against the access policy, and only then connected to,
 * so a name cannot point the proxy somewhere the policy forbids. Redirects are followed here,
 * one checked hop at a time, rather than by the client.
 *
 * <p>Not vertx-web-client: its body codecs cannot abandon a response part-way, so a response
 * over the size limit (or past the time limit) would keep its connection reading; with the
 * core client the request is reset the moment a limit is crossed.
 */
final class Origin {

  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE");

  private final Vertx vertx;
  private final HttpClient client;
  private final ProxyConfig config;
  private final AccessPolicy policy;

  private record Resolved(InetAddress address, String source) {
  }

  Origin(Vertx vertx, ProxyConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.policy = new AccessPolicy(config.deny());
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) config.connectTimeoutMillis())
        // Under the 5 s that Node and Apache close idle connections after: a pooled connection is not
        // reused just as the origin closes it, which would fail the request.
        .setKeepAliveTimeout(4), new PoolOptions().setHttp1MaxSize(32));
  }

  Future<Void> close() {
    return client.close();
  }

  AccessPolicy policy() {
    return policy;
  }

  /** The request's answer; GET follows up to a few redirects when {@code follow}. */
  Future<Fetched> fetch(Outbound request, boolean follow) {
    return fetch(request, follow, config.maxRedirects());
  }

  private Future<Fetched> fetch(Outbound request, boolean follow, int hopsLeft) {
    return send(request).compose(answer -> {
      String location = answer.headers().get("Location");
      if (!follow || location == null || !isRedirect(answer.status()) || hopsLeft <= 0) {
        return Future.succeededFuture(answer);
      }
      URI next;
      try {
        next = checkedUri(request.uri().resolve(location.trim()).toString());
      } catch (OriginFailure | IllegalArgumentException e) {
        return Future.succeededFuture(answer);
      }
      boolean keepsBody = answer.status() == 307 || answer.status() == 308;
      String method = keepsBody ? request.method() : "GET";
      return fetch(request.to(next, method, keepsBody ? request.body() : null), true, hopsLeft - 1);
    });
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** A URL the proxy can fetch: absolute http or https with a host. */
  static URI checkedUri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      throw new OriginFailure(OriginFailure.Kind.BAD_URL, "Bad URL '" + url + "': " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new OriginFailure(OriginFailure.Kind.BAD_URL, "Bad URL '" + url + "': it must start with http:// or https://");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new OriginFailure(OriginFailure.Kind.BAD_URL, "Bad URL '" + url + "': it has no host name");
    }
    return uri;
  }

  static int portOf(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private Future<Fetched> send(Outbound request) {
    URI uri = request.uri();
    int port = portOf(uri);
    return resolve(bare(uri.getHost()), port).compose(resolved -> {
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.valueOf(request.method()))
          .setAbsoluteURI(uri.toString())
          // Connect to the address the policy checked, not to whatever the name resolves to next.
          .setServer(SocketAddress.inetSocketAddress(port, resolved.address().getHostAddress()))
          .setSsl("https".equalsIgnoreCase(uri.getScheme()))
          .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()))
          .setFollowRedirects(false)
          .setConnectTimeout(config.connectTimeoutMillis())
          .setIdleTimeout(config.timeoutMillis());
      return attempt(options, request, resolved)
          .recover(err -> retriable(request, err) ? attempt(options, request, resolved) : Future.failedFuture(err))
          .recover(err -> Future.failedFuture(classify(err, uri)));
    });
  }

  /**
   * Whether a failed request is sent again, once, on a new connection: only an idempotent one
   * (RFC 9110 §9.2.2), and only when its connection broke or carried an answer that cannot be
   * read, as when an earlier answer on it sent more bytes than its Content-Length announced, or
   * when the origin closed a pooled connection just as it was reused.
   */
  private static boolean retriable(Outbound request, Throwable err) {
    return IDEMPOTENT.contains(request.method())
        && (err instanceof HttpClosedException || err instanceof DecoderException || err instanceof IllegalArgumentException);
  }

  private Future<Fetched> attempt(RequestOptions options, Outbound request, Resolved resolved) {
    return client.request(options).compose(http -> {
      if (request.interim() != null) {
        http.earlyHintsHandler(request.interim());
      }
      return exchange(http, request.body(), request.uri(), resolved.source());
    });
  }

  /**
   * Sends and reads the answer within the time limit, keeping at most {@code maxResponse}
   * bytes; past either limit the request is reset, so the connection is not read further.
   */
  private Future<Fetched> exchange(HttpClientRequest http, Buffer body, URI uri, String source) {
    Promise<Fetched> answer = Promise.promise();
    long timer = vertx.setTimer(config.timeoutMillis(), id -> {
      if (answer.tryFail(new TimeoutException())) {
        http.reset();
      }
    });
    (body == null ? http.send() : http.send(body)).onComplete(sent -> {
      if (sent.failed()) {
        answer.tryFail(sent.cause());
        return;
      }
      HttpClientResponse response = sent.result();
      if (response.statusCode() < 200) {
        // The client takes an interim status other than 100 and 103 (a 102) for the final answer, and
        // the real one would then arrive on the connection as the answer to whatever request is sent
        // on it next: the connection goes, and this request fails.
        http.connection().close();
        answer.tryFail(new OriginFailure(OriginFailure.Kind.FAILED, "The origin answered with the interim status "
            + response.statusCode() + ", which the proxy cannot pass on."));
        return;
      }
      Buffer received = Buffer.buffer();
      response.handler(chunk -> {
        if (received.length() + (long) chunk.length() > config.maxResponse()) {
          if (answer.tryFail(new OriginFailure(OriginFailure.Kind.TOO_LARGE,
              "The response is larger than the proxy's limit of " + config.maxResponse() + " bytes."))) {
            http.reset();
          }
        } else {
          received.appendBuffer(chunk);
        }
      });
      response.exceptionHandler(answer::tryFail);
      response.endHandler(v -> answer.tryComplete(new Fetched(uri, response.statusCode(), response.statusMessage(),
          MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), Body.of(received), source, false)));
    });
    return answer.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  /** The resolved address of an allowed destination (for CONNECT tunnels). */
  Future<InetAddress> resolveAllowed(String host, int port) {
    return resolve(bare(host), port).map(Resolved::address);
  }

  /** Resolves off the event loop, checks the policy, and finds the local address used toward it. */
  private Future<Resolved> resolve(String host, int port) {
    return vertx.executeBlocking(() -> {
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new OriginFailure(OriginFailure.Kind.UNKNOWN_HOST, "Unknown host: " + host);
      }
      if (!policy.allows(address)) {
        throw new OriginFailure(OriginFailure.Kind.DENIED,
            "Requests to " + host + " (" + address.getHostAddress() + ") are not allowed by this proxy.");
      }
      return new Resolved(address, sourceAddress(address, port));
    }, false);
  }

  /** The address this host sends from toward {@code target}: a UDP connect picks the route, sends nothing. */
  private static String sourceAddress(InetAddress target, int port) {
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.connect(target, port);
      InetAddress local = socket.getLocalAddress();
      if (local != null && !local.isAnyLocalAddress()) {
        return local.getHostAddress();
      }
      return InetAddress.getLocalHost().getHostAddress();
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private OriginFailure classify(Throwable err, URI uri) {
    String where = uri.getHost() + ":" + portOf(uri);
    if (err instanceof OriginFailure failure) {
      return failure;
    }
    if (err instanceof TimeoutException || err instanceof ConnectTimeoutException
        || err.getClass().getSimpleName().contains("Timeout")) {
      return new OriginFailure(OriginFailure.Kind.TIMEOUT, "No answer from " + where + " in time (the limit is "
          + config.timeoutMillis() / 1000.0 + " s).");
    }
    if (err instanceof ConnectException) {
      return new OriginFailure(OriginFailure.Kind.REFUSED, "The connection to " + where + " was refused.");
    }
    if (err instanceof UnknownHostException) {
      return new OriginFailure(OriginFailure.Kind.UNKNOWN_HOST, "Unknown host: " + uri.getHost());
    }
    return new OriginFailure(OriginFailure.Kind.FAILED, "The request to " + where + " failed: " + err.getMessage());
  }
}
