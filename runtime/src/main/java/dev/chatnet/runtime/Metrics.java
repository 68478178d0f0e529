package dev.chatnet.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each process's meters, in one Prometheus registry per Vertx: Vert.x's own (event bus, TCP
 * and HTTP servers and clients) and chatnet's ({@code chatnet_*}), read with {@code GET /metrics}
 * on the health port. Services find the registry of the Vertx they run on with {@link #of};
 * a Vertx started without metrics (a unit test's) gets one that records nothing.
 */
public final class Metrics {

  private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = new ConcurrentHashMap<>();
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private Metrics() {
  }

  /** The registry the services running on {@code vertx} record to. */
  public static MeterRegistry of(Vertx vertx) {
    MeterRegistry registry = REGISTRIES.get(vertx);
    return registry == null ? NONE : registry;
  }

  /** The registry's meters in Prometheus's text format, or null when {@code vertx} has none. */
  static String scrape(Vertx vertx) {
    PrometheusMeterRegistry registry = REGISTRIES.get(vertx);
    return registry == null ? null : registry.scrape();
  }

  /** A fresh registry, to be given to one Vertx with {@link #enable} and {@link #register}. */
  static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /**
   * Vert.x's meters into {@code registry}. Event-bus addresses are a label only for the
   * services' own addresses: a room's event address, and the reply addresses, would make one
   * series per room or per request.
   */
  static VertxBuilder enable(VertxBuilder builder, VertxOptions options, PrometheusMeterRegistry registry) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setEnabled(true).addLabels(Label.EB_ADDRESS)
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel("address").setType(MatchType.REGEX)
            .setValue("(directory|mailbox|chatroom|proxy)\\.[a-z]+"))
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel("address").setType(MatchType.REGEX)
            .setValue("chatroom\\.room\\..*").setAlias("chatroom.room"))
        .addLabelMatch(new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel("address").setType(MatchType.REGEX)
            .setValue("chatnet\\..*"));
    options.setMetricsOptions(metrics);
    return builder.with(options).withMetrics(new MicrometerMetricsFactory(registry));
  }

  static void register(Vertx vertx, PrometheusMeterRegistry registry) {
    REGISTRIES.put(vertx, registry);
  }

  static void unregister(Vertx vertx) {
    PrometheusMeterRegistry registry = REGISTRIES.remove(vertx);
    if (registry != null) {
      registry.close();
    }
  }
}
