package dev.chatnet.runtime;

import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Answers an event-bus request with the outcome of a future: its value, or a named failure. */
public final class Replies {

  private static final Logger log = LoggerFactory.getLogger(Replies.class);

  private Replies() {
  }

  /**
   * Runs {@code action}; a named failure it throws is the answer, and a request body it
   * cannot read is answered INVALID_INPUT.
   */
  public static void reply(Message<JsonObject> request, Supplier<Future<JsonObject>> action) {
    Future<JsonObject> outcome;
    try {
      outcome = action.get();
    } catch (ReplyException e) {
      outcome = Future.failedFuture(e);
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      outcome = Future.failedFuture(Failure.INVALID_INPUT.exception("bad request to " + request.address() + ": " + e.getMessage()));
    }
    outcome.onComplete(result -> {
      if (result.succeeded()) {
        Context context = Vertx.currentContext();
        request.reply(result.result(), context == null ? new DeliveryOptions() : LocalJson.options(context.owner()));
      } else if (result.cause() instanceof ReplyException failure) {
        request.fail(failure.failureCode(), failure.getMessage());
      } else {
        log.warn("{} failed: {}", request.address(), result.cause().toString());
        Failure.INTERNAL.reply(request, "internal error: " + result.cause().getMessage());
      }
    });
  }
}
