package dev.chatnet.proxy;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.ProxyReply;
import dev.chatnet.protocol.bus.ProxyRequest;
import dev.chatnet.protocol.bus.ProxySettings;
import dev.chatnet.runtime.Metrics;
import dev.chatnet.runtime.Replies;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The proxy-service: web requests for the menu (over the event bus, with the user's settings
 * in each request) and for the HTTP forward-proxy port, through one shared on-disk cache.
 */
public class ProxyVerticle extends VerticleBase {

  private static final Logger log = LoggerFactory.getLogger(ProxyVerticle.class);
  private static final List<String> MENU_METHODS = List.of("GET", "HEAD", "POST");

  public static JsonObject defaults() {
    return ProxyConfig.defaults();
  }

  private ProxyConfig config;
  private Origin origin;
  private ProxyCache cache;
  private Fetcher fetcher;
  private ForwardProxy forwardProxy;
  private ProxyRequests menuRequests;

  @Override
  public Future<?> start() {
    config = ProxyConfig.from(config());
    origin = new Origin(vertx, config);
    MeterRegistry meters = Metrics.of(vertx);
    cache = new ProxyCache(vertx, config.cacheDir(), config.cacheMaxBytes(), config.cacheMemoryBytes(), meters);
    fetcher = new Fetcher(origin, cache, meters);
    forwardProxy = new ForwardProxy(vertx, config, origin, fetcher, meters);
    menuRequests = ProxyRequests.of(meters, "menu");
    var bus = vertx.eventBus();
    return cache.start()
        .compose(v -> Future.all(
            bus.<JsonObject>consumer(Addresses.PROXY_STATUS, this::onStatus).completion(),
            bus.<JsonObject>consumer(Addresses.PROXY_FETCH, this::onFetch).completion(),
            forwardProxy.listen()))
        .onSuccess(v -> log.info("HTTP proxy listening at {}/{}", config.host(), forwardProxy.port()));
  }

  @Override
  public Future<?> stop() {
    return Future.join(origin.close(), forwardProxy.close(), cache.close());
  }

  /** Where the forward-proxy port listens (the real port when configured with 0). */
  public int port() {
    return forwardProxy.port();
  }

  ProxyCache cache() {
    return cache;
  }

  private void onStatus(Message<JsonObject> request) {
    Replies.reply(request, () -> vertx.executeBlocking(() -> InetAddress.getLocalHost().getHostAddress(), false)
        .otherwise("unknown")
        .map(address -> new JsonObject().put("address", address).put("port", forwardProxy.port())));
  }

  private void onFetch(Message<JsonObject> message) {
    Replies.reply(message, () -> {
      ProxyRequest request = message.body().mapTo(ProxyRequest.class);
      ProxySettings settings = request.settings() == null ? ProxySettings.DEFAULTS : request.settings();
      return fetch(request, settings)
          .andThen(menuRequests::count)
          .compose(fetched -> reply(fetched, request, settings))
          .map(JsonObject::mapFrom)
          .recover(err -> Future.failedFuture(err instanceof OriginFailure failure ? busFailure(failure) : err));
    });
  }

  private Future<Fetched> fetch(ProxyRequest request, ProxySettings settings) {
    String method = request.method() == null ? "" : request.method().trim().toUpperCase(Locale.ROOT);
    if (!MENU_METHODS.contains(method)) {
      return Future.failedFuture(new OriginFailure(OriginFailure.Kind.BAD_METHOD,
          "The method " + request.method() + " is not supported; use GET, HEAD or POST."));
    }
    URI uri;
    try {
      uri = Origin.checkedUri(request.url() == null ? "" : request.url().trim());
    } catch (OriginFailure e) {
      return Future.failedFuture(e);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Accept", "*/*");
    if (settings.authentication() && request.username() != null && !method.equals("HEAD")) {
      String pair = request.username() + ":" + (request.password() == null ? "" : request.password());
      headers.add("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    if (!settings.privateBrowsing() && request.clientAddress() != null) {
      HopByHop.addForwardedFor(headers, request.clientAddress());
    }
    Buffer body = null;
    if (method.equals("POST")) {
      body = Buffer.buffer(form(request.form() == null ? Map.of() : request.form()));
      headers.add("Content-Type", "application/x-www-form-urlencoded");
    }
    log.debug("{} {}://{}{} for the menu", method, uri.getScheme(), uri.getHost(), uri.getRawPath());
    return fetcher.fetch(new Outbound(method, uri, headers, body), settings.caching(), method.equals("GET"));
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** What the menu shows: the body up to its limit, and how much was cut. */
  private Future<ProxyReply> reply(Fetched fetched, ProxyRequest request, ProxySettings settings) {
    List<String> headers = new ArrayList<>();
    fetched.headers().forEach(h -> headers.add(h.getKey() + ": " + h.getValue()));
    long cut = Math.max(0, fetched.body().length() - config.maxBody());
    String source = settings.privateBrowsing() || request.clientAddress() == null ? fetched.sourceAddress() : request.clientAddress();
    return fetched.body().head(config.maxBody()).map(shown -> new ProxyReply(fetched.status(), fetched.reason(), headers,
        shown.toString(StandardCharsets.UTF_8), cut, fetched.cached(), source));
  }

  private static Throwable busFailure(OriginFailure failure) {
    Failure code = switch (failure.kind()) {
      case BAD_URL, BAD_METHOD -> Failure.INVALID_INPUT;
      case DENIED -> Failure.NOT_ALLOWED;
      default -> Failure.UNAVAILABLE;
    };
    return code.exception(failure.getMessage());
  }
}
