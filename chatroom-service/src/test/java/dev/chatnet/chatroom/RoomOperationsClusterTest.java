package dev.chatnet.chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import dev.chatnet.state.Store;
import dev.chatnet.state.room.ChangeRoom;
import dev.chatnet.state.room.CreateRoom;
import dev.chatnet.state.room.ReadRoom;
import dev.chatnet.state.room.Room;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A room's keyed operation on a real Hazelcast cluster of separate members: a retried line keeps
 * the number it got, and the member owning the room dying while lines are numbered leaves one
 * gap-free sequence in which every answered line has exactly one number.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RoomOperationsClusterTest {

  private static final String KEY = "lobby";
  private static final User OWNER = new User(1, "Jose", "s-jose", "n", 0);
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

  private static ChangeRoom line(String epoch, String requestId) {
    return new ChangeRoom(List.of(new ChangeRoom.Change(ChangeRoom.LINE, epoch, OWNER, "text " + requestId, requestId)),
        System.currentTimeMillis(), 20);
  }

  @Test
  void aRetriedLineKeepsItsNumber() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    start(config);
    Node caller = start(config.copy().put("cluster-lite-member", true));
    Store<Room> rooms = Store.of(caller.vertx(), Rooms.ROOMS_MAP);
    assertThat(TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, new CreateRoom("Lobby", "e1", OWNER))))).isNull();
    assertThat(TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, new CreateRoom("lobby", "e2", OWNER)))))
        .isEqualTo("Lobby");
    ChangeRoom.Outcome first = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", "r1")))).list().get(0);
    ChangeRoom.Outcome again = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", "r1")))).list().get(0);
    assertThat(first.fresh()).isTrue();
    assertThat(again.fresh()).isFalse();
    assertThat(again.event().seq()).isEqualTo(first.event().seq()).isEqualTo(1);
    assertThat(TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, new ReadRoom(0)))).events())
        .extracting(RoomEvent::requestId).containsExactly("r1");
    ChangeRoom.Outcome stale = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e0", "r2")))).list().get(0);
    assertThat(stale.refusal()).isNotZero();
  }

  @Test
  void aLineRetriedAfterHundredsOfOthersAndAMigrationKeepsItsNumberAndItsOnePlace() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    Node first = start(config);
    Node second = start(config);
    Node caller = start(config.copy().put("cluster-lite-member", true));
    Store<Room> rooms = Store.of(caller.vertx(), Rooms.ROOMS_MAP);
    TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, new CreateRoom("lobby", "e1", OWNER))));
    ChangeRoom.Outcome first0 = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", "r0")))).list().get(0);
    int others = Room.RECENT_EVENTS * 5;
    for (int n = 1; n <= others; n++) {
      String request = "r" + n;
      TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", request))));
    }
    // The room moves to the other member as bytes: what it remembers must move with it.
    Node owner = TestNodes.hazelcast(first).getPartitionService().getPartition(KEY).getOwner().localMember() ? first : second;
    TestNodes.close(owner);
    nodes.remove(owner);

    ChangeRoom.Outcome again = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", "r0")))).list().get(0);
    ChangeRoom.Outcome next = TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, line("e1", "last")))).list().get(0);

    assertThat(again.fresh()).isFalse();
    assertThat(again.event().seq()).isEqualTo(first0.event().seq()).isEqualTo(1);
    assertThat(again.event().text()).isEqualTo("text r0");
    assertThat(again.event().at()).isEqualTo(first0.event().at());
    assertThat(next.event().seq()).isEqualTo(others + 2);
  }

  @Test
  void theOwnerDyingMidStreamLeavesOneSequenceWithEveryAnsweredLineOnce() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    Node first = start(config);
    Node second = start(config);
    Node caller = start(config.copy().put("cluster-lite-member", true));
    Node owner = TestNodes.hazelcast(first).getPartitionService().getPartition(KEY).getOwner().localMember() ? first : second;
    Store<Room> rooms = Store.of(caller.vertx(), Rooms.ROOMS_MAP);
    TestNodes.await(TestNodes.onContext(caller, () -> rooms.apply(KEY, new CreateRoom("lobby", "e1", OWNER))));

    int total = 300;
    Map<String, Long> numbered = new ConcurrentHashMap<>();
    CountDownLatch quarter = new CountDownLatch(total / 4);
    CountDownLatch done = new CountDownLatch(total);
    for (int n = 0; n < total; n++) {
      String request = "r" + n;
      TestNodes.onContext(caller, () -> retried(rooms, request, 20)).onComplete(result -> {
        if (result.succeeded()) {
          numbered.put(request, result.result());
        }
        quarter.countDown();
        done.countDown();
      });
    }
    assertThat(quarter.await(60, TimeUnit.SECONDS)).isTrue();
    TestNodes.crash(owner);
    assertThat(done.await(120, TimeUnit.SECONDS)).isTrue();

    assertThat(numbered).hasSize(total);
    // One number per line, and no number twice or skipped.
    assertThat(numbered.values()).doesNotHaveDuplicates();
    assertThat(numbered.values().stream().mapToLong(Long::longValue).max().orElse(0)).isEqualTo(total);
  }

  private static Future<Long> retried(Store<Room> rooms, String request, int attemptsLeft) {
    return rooms.apply(KEY, line("e1", request)).map(outcomes -> outcomes.list().get(0).event().seq())
        .recover(err -> attemptsLeft > 1 ? retried(rooms, request, attemptsLeft - 1) : Future.failedFuture(err));
  }
}
