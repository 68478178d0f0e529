package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.chatroom.ChatroomVerticle;
import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.gateway.Gateways;
import dev.chatnet.mailbox.MailboxVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * chatnet on a real Hazelcast cluster in one JVM: a gateway alone on one node, the services
 * and a second gateway on another. Users on either gateway see one network; when the lone
 * gateway's node dies, its users leave the list.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTest {

  @TempDir
  Path dataDir;

  private final List<WireClient> clients = new ArrayList<>();
  private final Map<WireClient, List<String>> linesSeen = new java.util.HashMap<>();
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
    taken.expect(Frame.Hello.class);
    taken.send(new Frame.Login("NINA", "UTC"));
    assertThat(taken.expect(Frame.Retry.class).reason()).isEqualTo("The name 'NINA' is already taken.");

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

  @Test
  void aRoomSpansGatewaysAndOutlivesAChatroomServiceNode() throws Exception {
    JsonObject config = TestNodes.clusterConfig()
        .mergeIn(Gateways.defaults())
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("gateway-instances", 1)
        .put("data-dir", dataDir.toString());
    servicesNode = TestNodes.start(config);
    Node secondGateway = TestNodes.start(config);
    Node secondChatroom = TestNodes.start(config);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    TestNodes.await(servicesNode.vertx().deployVerticle(new DirectoryVerticle(servicesNode.membership()), options));
    TestNodes.await(servicesNode.vertx().deployVerticle(new ChatroomVerticle(), options));
    TestNodes.await(secondChatroom.vertx().deployVerticle(new ChatroomVerticle(), options));
    int port1 = TestNodes.await(Gateways.deploy(servicesNode, config)).port();
    int port2 = TestNodes.await(Gateways.deploy(secondGateway, config)).port();

    WireClient jose = login(port1, "Jose");
    WireClient alice = login(port1, "Alice");
    WireClient john = login(port2, "John");
    jose.act("4", Map.of("room", "23456"));
    jose.expect(Frame.Room.class);
    john.act("5", Map.of("room", "23456"));
    john.expect(Frame.Room.class);
    jose.expectLine("John joined.");
    alice.act("5", Map.of("room", "23456"));
    alice.expect(Frame.Room.class);
    jose.expectLine("Alice joined.");
    john.expectLine("Alice joined.");

    List<String> said = new ArrayList<>();
    int failures = 0;
    for (int i = 0; i < 30; i++) {
      if (i == 10) {
        TestNodes.crash(secondChatroom);
      }
      WireClient speaker = List.of(jose, alice, john).get(i % 3);
      String text = "line " + i;
      // A request caught by the crash fails with a clear line; the user says it again.
      while (!sayOnce(speaker, text)) {
        failures++;
        assertThat(failures).as("requests that failed around the crash").isLessThan(10);
      }
      said.add(speaker.name() + "> " + text);
    }
    for (WireClient member : List.of(jose, alice, john)) {
      List<String> expected = said.stream().filter(line -> !line.startsWith(member.name() + "> ")).toList();
      List<String> seen = linesSeen.computeIfAbsent(member, k -> new ArrayList<>());
      while (seen.size() < expected.size()) {
        seen.add(member.awaitFrame(Frame.Event.class).text());
      }
      assertThat(seen).as("what %s saw", member.name()).containsExactlyElementsOf(expected);
    }
    TestNodes.close(secondGateway);
  }

  /** Says a line; false when the service could not take it (the user sees why and may try again). */
  private boolean sayOnce(WireClient speaker, String text) throws Exception {
    long id = speaker.say(text);
    while (true) {
      Frame frame = speaker.next();
      if (frame instanceof Frame.Result result && result.id() == id) {
        return true;
      }
      if (frame instanceof Frame.Error error && error.id() != null && error.id() == id) {
        assertThat(error.message()).isEqualTo("The chat room service is unavailable right now. Please try again later.");
        return false;
      }
      // Room lines that came while the speaker waited for its answer.
      linesSeen.computeIfAbsent(speaker, k -> new ArrayList<>()).add(((Frame.Event) frame).text());
    }
  }

  private WireClient login(int port, String name) throws Exception {
    WireClient client = WireClient.login(port, name);
    clients.add(client);
    return client;
  }
}
