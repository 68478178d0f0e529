package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deposits of many sessions leave together while earlier requests are out, and each gets its own outcomes. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailboxLaneTest {

  private static Deposit deposit(long to, String text) {
    return new Deposit(to, new DirectMessage(text, 1, "Nina", text, 0));
  }

  /** Answers each deposit by its text: "full" is refused, anything else stored. */
  private static JsonObject answer(Message<JsonObject> request) {
    JsonArray outcomes = new JsonArray();
    for (Object d : request.body().getJsonArray("deposits")) {
      String text = ((JsonObject) d).getJsonObject("message").getString("text");
      outcomes.add((text.equals("full")
          ? new DepositOutcome(Failure.MAILBOX_FULL, "The mailbox of user 2 is full.")
          : DepositOutcome.STORED).toJson());
    }
    return new JsonObject().put("outcomes", outcomes);
  }

  private static List<String> texts(Message<JsonObject> request) {
    List<String> texts = new ArrayList<>();
    request.body().getJsonArray("deposits").forEach(d -> texts.add(((JsonObject) d).getJsonObject("message").getString("text")));
    return texts;
  }

  @Test
  void whileTwoRequestsAreOutNewDepositsWaitAndLeaveTogether(Vertx vertx) throws Exception {
    LinkedBlockingQueue<Message<JsonObject>> requests = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.MAILBOX_DEPOSIT, requests::add).completion().await(5, TimeUnit.SECONDS);
    MailboxLane lane = new MailboxLane(new Services(vertx, 5000, new GatewayMeters(vertx)));

    // Five sessions send in one turn of the event loop.
    Promise<List<Future<List<DepositOutcome>>>> sent = Promise.promise();
    vertx.runOnContext(v -> sent.complete(List.of(
        lane.deposit(List.of(deposit(2, "a1"))),
        lane.deposit(List.of(deposit(2, "b1"), deposit(3, "b2"))),
        lane.deposit(List.of(deposit(2, "c1"))),
        lane.deposit(List.of(deposit(2, "full"), deposit(4, "d2"))),
        lane.deposit(List.of(deposit(5, "e1"))))));
    List<Future<List<DepositOutcome>>> answers = sent.future().await(5, TimeUnit.SECONDS);

    Message<JsonObject> first = requests.poll(5, TimeUnit.SECONDS);
    Message<JsonObject> second = requests.poll(5, TimeUnit.SECONDS);
    assertThat(texts(first)).containsExactly("a1");
    assertThat(texts(second)).containsExactly("b1", "b2");
    assertThat(requests.poll(200, TimeUnit.MILLISECONDS)).as("nothing more leaves while two are out").isNull();

    first.reply(answer(first));
    Message<JsonObject> together = requests.poll(5, TimeUnit.SECONDS);
    assertThat(texts(together)).containsExactly("c1", "full", "d2", "e1");
    together.reply(answer(together));
    second.fail(Failure.UNAVAILABLE.code(), "The cluster could not complete the request; please try again.");

    assertThat(answers.get(0).await(5, TimeUnit.SECONDS)).containsExactly(DepositOutcome.STORED);
    assertThat(answers.get(2).await(5, TimeUnit.SECONDS)).containsExactly(DepositOutcome.STORED);
    assertThat(answers.get(3).await(5, TimeUnit.SECONDS)).extracting(DepositOutcome::failure)
        .containsExactly(Failure.MAILBOX_FULL, null);
    assertThat(answers.get(4).await(5, TimeUnit.SECONDS)).containsExactly(DepositOutcome.STORED);
    // The request that failed fails each of its senders, and only them.
    assertThatThrownBy(() -> answers.get(1).await(5, TimeUnit.SECONDS))
        .satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.UNAVAILABLE));
  }
}
