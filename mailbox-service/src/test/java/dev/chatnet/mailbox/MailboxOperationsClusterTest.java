package dev.chatnet.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import dev.chatnet.state.Store;
import dev.chatnet.state.mailbox.DepositMessages;
import dev.chatnet.state.mailbox.DrainMailbox;
import dev.chatnet.state.mailbox.Drained;
import dev.chatnet.state.mailbox.Mailbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mailbox's keyed operations on a real Hazelcast cluster of separate members: a retried
 * operation is applied once, and a member that dies while operations run on its keys loses
 * none that were answered, and applies none twice.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MailboxOperationsClusterTest {

  private static final String KEY = "4242";
  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Node node : nodes) {
      try {
        TestNodes.close(node);
      } catch (Exception e) {
        // A crashed node is closed already.
      }
    }
  }

  private Node start(JsonObject config) throws Exception {
    Node node = TestNodes.start(config);
    nodes.add(node);
    return node;
  }

  private static DirectMessage message(int n) {
    return new DirectMessage("m" + n, 7, "Nina", "text " + n, 0);
  }

  @Test
  void aRetriedDepositOrDrainIsAppliedOnce() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    Node data = start(config);
    Node caller = start(config.copy().put("cluster-lite-member", true));
    Store<Mailbox> boxes = Store.of(caller.vertx(), Mailboxes.MAP);
    for (int i = 0; i < 2; i++) {
      assertThat(TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DepositMessages("s", true, 10, List.of(message(1), message(2)))))))
          .containsExactly(DepositMessages.STORED, DepositMessages.STORED);
    }
    Drained first = TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DrainMailbox("s", "t1", null))));
    Drained again = TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DrainMailbox("s", "t1", null))));
    assertThat(first.messages()).containsExactly(message(1), message(2));
    assertThat(again.messages()).containsExactly(message(1), message(2));
    // The message the first drain took is still known: retried once more after it, it is not stored again.
    TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DepositMessages("s", true, 10, List.of(message(1))))));
    assertThat(TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DrainMailbox("s", "t2", "t1")))).messages())
        .isEmpty();
    assertThat(TestNodes.hazelcast(data).getMap(Mailboxes.MAP).size()).isEqualTo(1);
  }

  @Test
  void theOwnerDyingMidStreamLosesNoAnsweredDepositAndDoublesNone() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    Node first = start(config);
    Node second = start(config);
    Node caller = start(config.copy().put("cluster-lite-member", true));
    Node owner = TestNodes.hazelcast(first).getPartitionService().getPartition(KEY).getOwner().localMember() ? first : second;
    Node survivor = owner == first ? second : first;
    Store<Mailbox> boxes = Store.of(caller.vertx(), Mailboxes.MAP);

    int total = 400;
    List<Integer> answered = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch halfway = new CountDownLatch(total / 4);
    CountDownLatch done = new CountDownLatch(total);
    for (int n = 0; n < total; n++) {
      int id = n;
      // A caller retries what failed with the same message id, as the gateway's retry does.
      TestNodes.onContext(caller, () -> retried(boxes, id, 20)).onComplete(result -> {
        if (result.succeeded()) {
          answered.add(id);
        }
        halfway.countDown();
        done.countDown();
      });
    }
    assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
    TestNodes.crash(owner);
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();

    Drained drained = TestNodes.await(TestNodes.onContext(caller, () -> boxes.apply(KEY, new DrainMailbox("s", "t1", null))));
    List<String> ids = drained.messages().stream().map(DirectMessage::messageId).toList();
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids).containsAll(answered.stream().map(n -> "m" + n).toList());
    assertThat(answered).hasSize(total);
    assertThat(TestNodes.hazelcast(survivor).getCluster().getMembers()).hasSize(2);
  }

  private static Future<int[]> retried(Store<Mailbox> boxes, int id, int attemptsLeft) {
    return boxes.apply(KEY, new DepositMessages("s", true, 1000, List.of(message(id))))
        .recover(err -> attemptsLeft > 1 ? retried(boxes, id, attemptsLeft - 1) : Future.failedFuture(err));
  }
}
