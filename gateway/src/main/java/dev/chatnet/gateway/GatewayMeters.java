package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.runtime.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's meters, shared by every gateway instance of a process (Micrometer hands each
 * the same counter for the same name and tags). Counting is an atomic add: nothing here
 * allocates on a line's path but the bus timers' lookups, which are cached per address.
 */
final class GatewayMeters {

  /** Users past the handshake, per registry: a gauge registered once, fed by every instance. */
  private static final Map<MeterRegistry, AtomicLong> ONLINE = new ConcurrentHashMap<>();

  private final MeterRegistry registry;
  private final AtomicLong online;
  private final Counter logins;
  private final Counter deliveries;
  private final Counter dropped;
  private final Counter throttled;
  private final Map<String, Timer> requests = new ConcurrentHashMap<>();

  GatewayMeters(Vertx vertx) {
    registry = Metrics.of(vertx);
    online = ONLINE.computeIfAbsent(registry, r -> {
      AtomicLong count = new AtomicLong();
      Gauge.builder("chatnet.users.online", count, AtomicLong::get).description("Users logged in through this gateway")
          .register(r);
      return count;
    });
    logins = Counter.builder("chatnet.logins").description("Names registered at a handshake").register(registry);
    deliveries = Counter.builder("chatnet.room.deliveries").description("Room lines written to members")
        .register(registry);
    dropped = Counter.builder("chatnet.room.members.dropped")
        .description("Room members dropped because they did not read their lines").register(registry);
    throttled = Counter.builder("chatnet.clients.rate.limited")
        .description("Frames refused because their client sent too many").register(registry);
  }

  void loggedIn() {
    logins.increment();
    online.incrementAndGet();
  }

  void loggedOut() {
    online.decrementAndGet();
  }

  void nameRefused(Throwable error) {
    Counter.builder("chatnet.login.refusals").description("Names refused at a handshake, by reason")
        .tag("reason", Failure.of(error).name().toLowerCase(Locale.ROOT)).register(registry).increment();
  }

  void delivered(long lines) {
    deliveries.increment(lines);
  }

  void droppedFromRoom() {
    dropped.increment();
  }

  void rateLimited() {
    throttled.increment();
  }

  /** @param reason a short word: flood, idle, handshake, slow-line, shutdown, quit */
  void disconnected(String reason) {
    Counter.builder("chatnet.clients.disconnected").description("Clients the gateway disconnected, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  /** Records one bus request to {@code address} that took {@code nanos}. */
  void requested(String address, long nanos) {
    requests.computeIfAbsent(address, a -> Timer.builder("chatnet.bus.requests")
            .description("Event-bus requests from the gateway to the services, by address, until their answer")
            .tag("address", a).publishPercentiles(0.5, 0.95, 0.99).register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }
}
