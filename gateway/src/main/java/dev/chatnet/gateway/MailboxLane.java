package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.Deposits;
import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The way of every session's direct messages on one event loop to the mailbox-service. While
 * {@link #IN_FLIGHT} requests are out, new deposits wait and then leave together, up to
 * {@link Deposits#MAX} in one request: under load a request carries the messages of many
 * senders and the bus is crossed once for all of them, while on a quiet bus a message leaves at
 * once. A session has one action out at a time, so its own messages keep their order.
 */
final class MailboxLane {

  private static final int IN_FLIGHT = 2;

  private record Waiting(List<Deposit> deposits, Promise<List<DepositOutcome>> answered) {
  }

  private final Services services;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int inFlight;

  MailboxLane(Services services) {
    this.services = services;
  }

  /** One outcome per deposit, in their order; fails as the request failed when it did. */
  Future<List<DepositOutcome>> deposit(List<Deposit> deposits) {
    Promise<List<DepositOutcome>> answered = Promise.promise();
    waiting.add(new Waiting(deposits, answered));
    if (inFlight < IN_FLIGHT) {
      send();
    }
    return answered.future();
  }

  private void send() {
    List<Waiting> batch = new ArrayList<>();
    List<Deposit> all = new ArrayList<>();
    // A session's own list never exceeds the limit (it sends at most 16): it goes whole.
    while (!waiting.isEmpty() && (batch.isEmpty() || all.size() + waiting.peek().deposits().size() <= Deposits.MAX)) {
      Waiting next = waiting.poll();
      batch.add(next);
      all.addAll(next.deposits());
    }
    inFlight++;
    services.request(Addresses.MAILBOX_DEPOSIT, new Deposits(all).toJson()).onComplete(result -> {
      inFlight--;
      if (!waiting.isEmpty()) {
        send();
      }
      settle(batch, all.size(), result);
    });
  }

  private static void settle(List<Waiting> batch, int count, AsyncResult<JsonObject> result) {
    JsonArray answers = result.succeeded() ? result.result().getJsonArray("outcomes") : null;
    if (answers == null || answers.size() != count) {
      Throwable cause = result.failed() ? result.cause()
          : Failure.INTERNAL.exception("the mailbox-service answered " + (answers == null ? "no" : answers.size())
              + " outcomes for " + count + " deposits");
      batch.forEach(w -> w.answered().fail(cause));
      return;
    }
    int at = 0;
    for (Waiting w : batch) {
      List<DepositOutcome> outcomes = new ArrayList<>(w.deposits().size());
      for (int i = 0; i < w.deposits().size(); i++) {
        outcomes.add(DepositOutcome.fromJson(answers.getJsonObject(at++)));
      }
      w.answered().complete(outcomes);
    }
  }
}
