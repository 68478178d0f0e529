package dev.chatnet.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** {@code chatnet_proxy_requests_total}: web requests by the way they came and how they ended. */
final class ProxyRequests {

  private final Counter hit;
  private final Counter origin;
  private final Map<OriginFailure.Kind, Counter> failed = new EnumMap<>(OriginFailure.Kind.class);
  private final Counter broken;

  private ProxyRequests(MeterRegistry meters, String via) {
    hit = counter(meters, via, "hit");
    origin = counter(meters, via, "origin");
    for (OriginFailure.Kind kind : OriginFailure.Kind.values()) {
      failed.put(kind, counter(meters, via, kind.name().toLowerCase(Locale.ROOT)));
    }
    broken = counter(meters, via, "internal");
  }

  /** @param via {@code menu} (option 6) or {@code port} (the forward-proxy port) */
  static ProxyRequests of(MeterRegistry meters, String via) {
    return new ProxyRequests(meters, via);
  }

  private static Counter counter(MeterRegistry meters, String via, String outcome) {
    return Counter.builder("chatnet.proxy.requests")
        .description("Web requests, by the way they came and how they ended: from the cache, from the origin, or why not")
        .tag("via", via).tag("outcome", outcome).register(meters);
  }

  void count(AsyncResult<Fetched> result) {
    if (result.succeeded()) {
      (result.result().cached() ? hit : origin).increment();
    } else if (result.cause() instanceof OriginFailure failure) {
      failed.get(failure.kind()).increment();
    } else {
      broken.increment();
    }
  }
}
