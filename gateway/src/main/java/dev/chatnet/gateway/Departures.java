package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * Tells the directory which users left, a few at a time. When thousands leave at once (a
 * network blip, a load balancer restart), sending every departure at once would swamp the
 * directory: the departures would time out and be sent again, and the logins arriving
 * meanwhile would be refused. Here the backlog waits in the gateway and logins go straight
 * through.
 */
final class Departures {

  /** Departures in flight at once from one gateway verticle. */
  static final int IN_FLIGHT = 16;

  private record Departure(JsonObject request, Promise<Void> told) {
  }

  private final Services services;
  private final ArrayDeque<Departure> waiting = new ArrayDeque<>();
  private int inFlight;
  private int limit = IN_FLIGHT;

  Departures(Services services) {
    this.services = services;
  }

  /** Sends {@code directory.unregister} with {@code request} when its turn comes; fails as the request does. */
  Future<Void> tell(JsonObject request) {
    Departure departure = new Departure(request, Promise.promise());
    waiting.add(departure);
    next();
    return departure.told().future();
  }

  /** Shutting down: everything waiting goes now, so the sessions finish within the grace. */
  void flush() {
    limit = Integer.MAX_VALUE;
    next();
  }

  private void next() {
    while (inFlight < limit && !waiting.isEmpty()) {
      Departure departure = waiting.poll();
      inFlight++;
      services.request(Addresses.DIRECTORY_UNREGISTER, departure.request()).<Void>mapEmpty().onComplete(result -> {
        inFlight--;
        departure.told().handle(result);
        next();
      });
    }
  }
}
