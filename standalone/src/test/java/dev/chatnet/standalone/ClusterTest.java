package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.gateway.Gateways;
import dev.chatnet.mailbox.MailboxVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * chatnet on a real Hazelcast cluster in one JVM: a gateway alone on one node, the services
 * and a second gateway on another. Users on either gateway see one network; when the lone
 * gateway's node dies, its users leave the list.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTest {

  private final List<WireClient> clients = new ArrayList<>();
  private Node servicesNode;

  @AfterEach
  void stop() throws Exception {
    for (WireClient client : clients) {
      client.close();
    }
    TestNodes.close(servicesNode);
  }

  @Test
  void usersOnTwoGatewaysShareOneNetworkAndADeadGatewaysUsersLeave() throws Exception {
    JsonObject config = TestNodes.clusterConfig()
        .mergeIn(Gateways.defaults())
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("gateway-instances", 1);
    servicesNode = TestNodes.start(config);
    Node gatewayNode = TestNodes.start(config);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    TestNodes.await(servicesNode.vertx().deployVerticle(new DirectoryVerticle(servicesNode.membership()), options));
    TestNodes.await(servicesNode.vertx().deployVerticle(new MailboxVerticle(), options));
    int localPort = TestNodes.await(Gateways.deploy(servicesNode, config)).port();
    // A long grace: the dead node's gateway never gets to unregister its users itself, so
    // only the directory's reaction to the node leaving can remove them in time.
    int remotePort = TestNodes.await(Gateways.deploy(gatewayNode, config.copy().put("shutdown-grace", 120))).port();

    WireClient nina = login(remotePort, "Nina");
    WireClient jose = login(remotePort, "Jose");
    WireClient alice = login(localPort, "Alice");
    assertThat(alice.run("1", Map.of())).containsExactly(
        "Users in server: Nina:%d, Jose:%d, Alice:%d".formatted(nina.clientId(), jose.clientId(), alice.clientId()));
    WireClient taken = WireClient.connect(localPort);
    clients.add(taken);
    taken.expect(dev.chatnet.protocol.wire.Frame.Hello.class);
    taken.send(new dev.chatnet.protocol.wire.Frame.Login("NINA", "UTC"));
    assertThat(taken.expect(dev.chatnet.protocol.wire.Frame.Retry.class).reason()).isEqualTo("The name 'NINA' is already taken.");

    assertThat(nina.run("2", Map.of("message", "Across the cluster", "recipient", String.valueOf(alice.clientId()))))
        .containsExactly("Message sent!");
    List<String> messages = alice.run("3", Map.of());
    assertThat(messages).hasSize(2);
    assertThat(messages.get(1)).endsWith(": Across the cluster (from: Nina)");

    LinkedBlockingQueue<String> left = new LinkedBlockingQueue<>();
    TestNodes.await(servicesNode.vertx().eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT,
        m -> left.add(m.body().getString("name"))).completion());
    TestNodes.crash(gatewayNode);

    List<String> gone = List.of(left.poll(30, TimeUnit.SECONDS), left.poll(30, TimeUnit.SECONDS));
    assertThat(gone).containsExactlyInAnyOrder("Nina", "Jose");
    assertThat(alice.run("1", Map.of())).containsExactly("Users in server: Alice:" + alice.clientId());
    assertThat(alice.runFailing("2", Map.of("message", "Still there?", "recipient", String.valueOf(nina.clientId()))).message())
        .isEqualTo("No user with id " + nina.clientId() + " is connected.");
  }

  private WireClient login(int port, String name) throws Exception {
    WireClient client = WireClient.login(port, name);
    clients.add(client);
    return client;
  }
}
