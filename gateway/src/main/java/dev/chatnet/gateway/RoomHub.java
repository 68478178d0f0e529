package dev.chatnet.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The rooms this gateway verticle holds members of, by room key. */
final class RoomHub {

  private final Vertx vertx;
  private final Context context;
  private final Services services;
  private final long flushNanos;
  private final Map<String, RoomChannel> channels = new HashMap<>();

  RoomHub(Vertx vertx, Services services, long flushMillis) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.services = services;
    this.flushNanos = TimeUnit.MILLISECONDS.toNanos(flushMillis);
  }

  RoomChannel channel(String key) {
    return channels.computeIfAbsent(key, k -> new RoomChannel(this, k));
  }

  void forget(RoomChannel channel) {
    channels.remove(channel.key(), channel);
  }

  Vertx vertx() {
    return vertx;
  }

  /** The gateway verticle's context, where every channel of this hub runs. */
  Context context() {
    return context;
  }

  /** How long a busy room's lines gather before they go out together. */
  long flushNanos() {
    return flushNanos;
  }

  Services services() {
    return services;
  }
}
