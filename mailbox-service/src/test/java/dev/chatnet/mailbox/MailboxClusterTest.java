package dev.chatnet.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.Deposits;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On a real Hazelcast cluster, where a compare-and-set is a round trip to the member that owns
 * the mailbox: a crowd writing to one recipient at once must all get in, each sender's messages
 * in their order, not race each other into "too busy".
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailboxClusterTest {

  private static final int SENDERS = 100;
  private static final int MESSAGES = 3;

  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Node node : nodes) {
      TestNodes.close(node);
    }
  }

  @Test
  void aCrowdWritingToOneRecipientAtOnceAllGetInOnceAndInOrder() throws Exception {
    JsonObject config = TestNodes.clusterConfig().mergeIn(MailboxVerticle.defaults());
    Node service = TestNodes.start(config);
    nodes.add(service);
    Node gateway = TestNodes.start(config);
    nodes.add(gateway);
    TestNodes.await(service.vertx().deployVerticle(new DirectoryVerticle(service.membership())));
    TestNodes.await(service.vertx().deployVerticle(new MailboxVerticle()));
    DeliveryOptions patient = new DeliveryOptions().setSendTimeout(60_000);
    User jose = TestNodes.await(gateway.vertx().eventBus().<JsonObject>request(Addresses.DIRECTORY_REGISTER,
        JsonObject.mapFrom(new Registration("Jose", "n")), patient)).body().mapTo(User.class);

    List<Future<JsonObject>> sends = new ArrayList<>();
    for (int s = 0; s < SENDERS; s++) {
      List<Deposit> deposits = new ArrayList<>();
      for (int m = 0; m < MESSAGES; m++) {
        deposits.add(new Deposit(jose.id(), new DirectMessage(UUID.randomUUID().toString(), s, "s" + s, s + ":" + m, 0)));
      }
      sends.add(gateway.vertx().eventBus()
          .<JsonObject>request(Addresses.MAILBOX_DEPOSIT, new Deposits(deposits).toJson(), patient)
          .map(reply -> reply.body()));
    }
    TestNodes.await(Future.join(sends).otherwiseEmpty());
    for (Future<JsonObject> send : sends) {
      assertThat(send.succeeded()).as("every request answered: %s", send.cause()).isTrue();
      assertThat(send.result().getJsonArray("outcomes").stream().map(o -> DepositOutcome.fromJson((JsonObject) o)))
          .as("every deposit stored").allMatch(DepositOutcome::stored);
    }

    JsonObject drained = TestNodes.await(gateway.vertx().eventBus().<JsonObject>request(Addresses.MAILBOX_DRAIN,
        new JsonObject().put("owner", jose.id()).put("session", jose.session()).put("token", "t1"), patient)).body();
    Map<Long, List<String>> bySender = new LinkedHashMap<>();
    drained.getJsonArray("messages").stream()
        .map(m -> DirectMessage.fromJson((JsonObject) m))
        .forEach(m -> bySender.computeIfAbsent(m.from(), s -> new ArrayList<>()).add(m.text()));
    assertThat(drained.getJsonArray("messages")).hasSize(SENDERS * MESSAGES);
    assertThat(bySender).hasSize(SENDERS);
    bySender.forEach((sender, texts) -> assertThat(texts).containsExactly(sender + ":0", sender + ":1", sender + ":2"));
  }
}
