package dev.chatnet.gateway;

import dev.chatnet.runtime.LocalJson;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** The gateway's side of the event bus: every request carries the timeout. */
final class Services {

  private final EventBus bus;
  private final DeliveryOptions options;
  private final GatewayMeters meters;

  Services(Vertx vertx, long timeoutMillis, GatewayMeters meters) {
    this.bus = vertx.eventBus();
    this.options = LocalJson.options(vertx, new DeliveryOptions().setSendTimeout(timeoutMillis));
    this.meters = meters;
  }

  GatewayMeters meters() {
    return meters;
  }

  Future<JsonObject> request(String address, JsonObject body) {
    return timed(address, bus.<JsonObject>request(address, body, options));
  }

  /** For the few requests that may take longer than the rest (a web fetch). */
  Future<JsonObject> request(String address, JsonObject body, long timeoutMillis) {
    return timed(address, bus.<JsonObject>request(address, body, new DeliveryOptions(options).setSendTimeout(timeoutMillis)));
  }

  private Future<JsonObject> timed(String address, Future<Message<JsonObject>> reply) {
    long sent = System.nanoTime();
    return reply.andThen(done -> meters.requested(address, System.nanoTime() - sent)).map(Message::body);
  }
}
