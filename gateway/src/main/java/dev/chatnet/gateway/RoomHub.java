package dev.chatnet.gateway;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/** The rooms this gateway verticle holds members of, by room key. */
final class RoomHub {

  private final Vertx vertx;
  private final Services services;
  private final Map<String, RoomChannel> channels = new HashMap<>();

  RoomHub(Vertx vertx, Services services) {
    this.vertx = vertx;
    this.services = services;
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

  Services services() {
    return services;
  }
}
