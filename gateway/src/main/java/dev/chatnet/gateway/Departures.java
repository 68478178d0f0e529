package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.User;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the directory which users left, a few at a time. When thousands leave at once (a
 * network blip, a load balancer restart), sending every departure at once would swamp the
 * directory: the departures would time out and be sent again, and the logins arriving
 * meanwhile would be refused. Here the backlog waits in the gateway and logins go straight
 * through.
 */
final class Departures {

  private static final Logger log = LoggerFactory.getLogger(Departures.class);
  /** Departures in flight at once from one gateway verticle. */
  static final int IN_FLIGHT = 16;
  /** Tries at telling the directory a user left: over about five minutes. */
  private static final int ATTEMPTS = 12;
  private static final long MAX_DELAY_MILLIS = 30_000;

  private record Departure(JsonObject request, Promise<Void> told) {
  }

  private final Services services;
  private final Vertx vertx;
  private final ArrayDeque<Departure> waiting = new ArrayDeque<>();
  private int inFlight;
  private int limit = IN_FLIGHT;
  private boolean stopping;

  Departures(Services services, Vertx vertx) {
    this.services = services;
    this.vertx = vertx;
  }

  /**
   * Tells the directory {@code user} left. Until it hears it the user stays listed for as long
   * as this gateway runs, so a directory that is down or swamped is told again, later and
   * later; the first answer, whatever it was, settles the future.
   */
  Future<Void> leave(User user) {
    Promise<Void> firstAnswer = Promise.promise();
    leave(user, new JsonObject().put("id", user.id()).put("session", user.session()), 1, firstAnswer);
    return firstAnswer.future();
  }

  private void leave(User user, JsonObject request, int attempt, Promise<Void> firstAnswer) {
    // Idempotent, so repeating it is safe.
    tell(request).onComplete(result -> {
      firstAnswer.tryComplete();
      if (result.succeeded()) {
        return;
      }
      if (attempt >= ATTEMPTS || stopping) {
        // A gateway that stops leaves the cluster, and the directory removes its users then.
        log.atWarn().addKeyValue("client", user.id())
            .log("Could not remove {} ({}) from the directory: {}", user.name(), user.id(), result.cause().getMessage());
        return;
      }
      // Spread out, so a crowd that left together does not come back together.
      long delay = (long) (Math.min(MAX_DELAY_MILLIS, 1000L << (attempt - 1)) * (0.5 + ThreadLocalRandom.current().nextDouble()));
      vertx.setTimer(delay, id -> leave(user, request, attempt + 1, firstAnswer));
    });
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
    stopping = true;
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
