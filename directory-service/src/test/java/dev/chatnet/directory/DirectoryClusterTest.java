package dev.chatnet.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Registration;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The directory on a real two-node Hazelcast cluster: a gateway node dies, its users go. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DirectoryClusterTest {

  private Node services;
  private Node gatewayNode;

  @AfterEach
  void stop() throws Exception {
    TestNodes.close(services);
  }

  @Test
  void usersOfADeadNodeAreRemovedAndAnnounced() throws Exception {
    JsonObject config = TestNodes.clusterConfig();
    services = TestNodes.start(config);
    gatewayNode = TestNodes.start(config);
    TestNodes.await(services.vertx().deployVerticle(new DirectoryVerticle(services.membership())));
    BlockingQueue<User> left = new LinkedBlockingQueue<>();
    TestNodes.await(services.vertx().eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body().mapTo(User.class))).completion());

    User stays = register(services, "Stays", services.id());
    User goes1 = register(gatewayNode, "Goes1", gatewayNode.id());
    User goes2 = register(gatewayNode, "Goes2", gatewayNode.id());
    assertThat(list()).containsExactly("Stays", "Goes1", "Goes2");

    TestNodes.crash(gatewayNode);

    User first = left.poll(30, TimeUnit.SECONDS);
    User second = left.poll(30, TimeUnit.SECONDS);
    assertThat(List.of(first, second)).containsExactlyInAnyOrder(goes1, goes2);
    assertThat(list()).containsExactly("Stays");
    assertThat(left.poll(1, TimeUnit.SECONDS)).as("each departure announced once").isNull();
    assertThat(stays.node()).isEqualTo(services.id());
  }

  private static User register(Node from, String name, String node) throws Exception {
    return TestNodes.await(from.vertx().eventBus().<JsonObject>request(Addresses.DIRECTORY_REGISTER,
        JsonObject.mapFrom(new Registration(name, node)))).body().mapTo(User.class);
  }

  private List<String> list() throws Exception {
    return TestNodes.await(services.vertx().eventBus().<JsonObject>request(Addresses.DIRECTORY_LIST, new JsonObject()))
        .body().getJsonArray("users").stream().map(u -> ((JsonObject) u).getString("name")).toList();
  }
}
