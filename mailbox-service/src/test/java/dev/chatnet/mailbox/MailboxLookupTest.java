package dev.chatnet.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.Deposits;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.User;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recipients of a batch are looked up all at once: one after the other, a slow directory
 * would make the batch wait for the sum of the lookups, past the gateway's timeout.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class MailboxLookupTest {

  @Test
  void theRecipientsOfABatchAreAskedForTogether(Vertx vertx, VertxTestContext ctx) {
    int recipients = 4;
    // A directory that answers only once every lookup of the batch has come: looked up one
    // after the other, the first would never be answered and the batch would time out.
    List<Message<JsonObject>> waiting = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LOOKUP, lookup -> {
      waiting.add(lookup);
      if (waiting.size() == recipients) {
        for (Message<JsonObject> asked : waiting) {
          long id = asked.body().getLong("id");
          asked.reply(new User(id, "user" + id, "session-" + id, "n", 0).toJson());
        }
      }
    });
    List<Deposit> deposits = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      deposits.add(new Deposit(100 + i, new DirectMessage(UUID.randomUUID().toString(), 1, "Nina", "hi " + i, 0)));
    }
    vertx.deployVerticle(new MailboxVerticle())
        .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.MAILBOX_DEPOSIT, new Deposits(deposits).toJson(),
            new DeliveryOptions().setSendTimeout(10_000)))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().getJsonArray("outcomes").stream()
              .map(o -> DepositOutcome.fromJson((JsonObject) o))).allMatch(DepositOutcome::stored).hasSize(recipients);
          assertThat(waiting).hasSize(recipients);
          ctx.completeNow();
        })));
  }
}
