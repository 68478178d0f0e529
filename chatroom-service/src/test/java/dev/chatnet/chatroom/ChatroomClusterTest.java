package dev.chatnet.chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real Hazelcast cluster, where a compare-and-set is a round trip to the member that owns
 * the room: a crowd joining one room at once must all get in, not race each other into "too busy".
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChatroomClusterTest {

  private static final int JOINERS = 300;

  private final List<Node> nodes = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Node node : nodes) {
      TestNodes.close(node);
    }
  }

  @Test
  void aCrowdJoiningOneRoomAtOnceAllGetInNumberedAndAnnouncedInOrder(@TempDir Path data) throws Exception {
    JsonObject config = TestNodes.clusterConfig().mergeIn(ChatroomVerticle.defaults()).put("data-dir", data.toString());
    Node service = TestNodes.start(config);
    nodes.add(service);
    Node gateway = TestNodes.start(config);
    nodes.add(gateway);
    TestNodes.await(service.vertx().deployVerticle(new ChatroomVerticle(), new DeploymentOptions().setConfig(config)));

    User owner = user(0);
    DeliveryOptions patient = new DeliveryOptions().setSendTimeout(60_000);
    RoomJoined room = TestNodes.await(gateway.vertx().eventBus()
        .<JsonObject>request(Addresses.CHATROOM_CREATE, new RoomRequest("Crowd", null, owner, null).toJson(), patient))
        .body().mapTo(RoomJoined.class);
    List<Long> announced = new CopyOnWriteArrayList<>();
    CountDownLatch allAnnounced = new CountDownLatch(JOINERS);
    TestNodes.await(gateway.vertx().eventBus().<JsonObject>consumer(Addresses.roomEvents(room.key()), event -> {
      for (RoomEvent e : RoomEvent.batchFromJson(event.body())) {
        announced.add(e.seq());
        allAnnounced.countDown();
      }
    }).completion());

    List<Future<RoomJoined>> joins = new ArrayList<>();
    for (int i = 1; i <= JOINERS; i++) {
      joins.add(gateway.vertx().eventBus()
          .<JsonObject>request(Addresses.CHATROOM_JOIN, new RoomRequest("Crowd", null, user(i), null).toJson(), patient)
          .map(reply -> reply.body().mapTo(RoomJoined.class)));
    }
    TestNodes.await(Future.join(joins).otherwiseEmpty());

    List<Long> numbers = new ArrayList<>();
    for (Future<RoomJoined> join : joins) {
      assertThat(join.succeeded()).as("every join got in: %s", join.cause()).isTrue();
      numbers.add(join.result().seq());
    }
    List<Long> oneToN = LongStream.rangeClosed(1, JOINERS).boxed().toList();
    assertThat(numbers).containsExactlyInAnyOrderElementsOf(oneToN);
    assertThat(allAnnounced.await(60, TimeUnit.SECONDS)).isTrue();
    assertThat(announced).containsExactlyElementsOf(oneToN);
  }

  private static User user(int i) {
    return new User(1000 + i, "user" + i, "session-" + i, "node", i);
  }
}
