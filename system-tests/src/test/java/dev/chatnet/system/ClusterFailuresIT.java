package dev.chatnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.runtime.testing.WireClient;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The real jars as separate JVMs on 127.0.0.1: two gateways and two of every service. Users
 * go through every menu option across gateways; then processes are killed (SIGKILL),
 * stopped (SIGTERM) and restarted under traffic, and every accepted message is counted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ClusterFailuresIT {

  private static final String UNAVAILABLE = "The chat room service is unavailable right now. Please try again later.";
  private static final int ALL = 8;

  private static ProcessCluster cluster;
  private static int port1;
  private static int port2;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ProcessCluster();
    port1 = ProcessCluster.freePort();
    port2 = ProcessCluster.freePort();
    String dataDir = Files.createTempDirectory("chatnet-it").toString();
    // One at a time, each joined before the next starts: members that start together on a
    // busy machine can form clusters of their own before they find each other.
    String[][] members = {
        {"directory-1", "directory-service"}, {"directory-2", "directory-service"},
        {"mailbox-1", "mailbox-service"}, {"mailbox-2", "mailbox-service"},
        {"chatroom-1", "chatroom-service", "--data-dir", dataDir}, {"chatroom-2", "chatroom-service", "--data-dir", dataDir},
        {"gateway-1", "gateway", "--port", String.valueOf(port1), "--host", "127.0.0.1", "--shutdown-grace", "2", "--rate", "1000", "--burst", "1000"},
        {"gateway-2", "gateway", "--port", String.valueOf(port2), "--host", "127.0.0.1", "--shutdown-grace", "2", "--rate", "1000", "--burst", "1000"}};
    for (int i = 0; i < members.length; i++) {
      String[] m = members[i];
      cluster.start(m[0], m[1], java.util.Arrays.copyOfRange(m, 2, m.length));
      int size = i + 1;
      cluster.awaitHealth(m[0], h -> h.getInteger("clusterMembers") == size);
    }
    cluster.awaitStable(ALL);
  }

  /** Every member runs again after each test, so one test's failure is not the next one's. */
  @AfterEach
  void restoreCluster() throws Exception {
    if (cluster.restartStopped()) {
      cluster.awaitStable(ALL);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void everyMenuOptionWorksAcrossGateways() throws Exception {
    try (WireClient nina = WireClient.login(port1, "Nina"); WireClient jose = WireClient.login(port2, "Jose")) {
      assertThat(nina.run("1", Map.of())).containsExactly(
          "Users in server: Nina:%d, Jose:%d".formatted(nina.clientId(), jose.clientId()));
      assertThat(nina.run("2", Map.of("message", "Across processes", "recipient", String.valueOf(jose.clientId()))))
          .containsExactly("Message sent!");
      assertThat(jose.run("3", Map.of()).get(1)).endsWith(": Across processes (from: Nina)");
      jose.act("4", Map.of("room", "across"));
      jose.expect(Frame.Room.class);
      nina.act("5", Map.of("room", "across"));
      nina.expect(Frame.Room.class);
      jose.expectLine("Nina joined.");
      nina.sayAcknowledged("hello from gateway 1");
      jose.expectLine("Nina> hello from gateway 1");
      jose.say("exit");
      nina.expectLine("Chat room across was closed by Jose.");
      nina.expect(Frame.Menu.class);
      nina.act("7", Map.of());
      assertThat(nina.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected from server. Goodbye!");
    }
  }

  @Test
  @Order(2)
  void killingOneInstanceOfEachServiceLosesNoAcceptedMessage() throws Exception {
    try (DmLoad load = new DmLoad("crash", port1, 3)) {
      load.start();
      load.awaitMore(30);
      int size = ALL;
      for (String victim : List.of("directory-1", "mailbox-1", "chatroom-1")) {
        cluster.kill(victim);
        cluster.awaitStable(--size);
        load.awaitMore(30);
      }
      DmLoad.Account account = load.stop();
      assertThat(account.lost()).as("confirmed but never delivered").isEmpty();
      assertThat(account.duplicated()).as("delivered twice").isEmpty();
      assertThat(account.unknown()).as("delivered but never sent").isEmpty();
      assertThat(account.confirmed()).hasSizeGreaterThan(90);
    }
    for (String victim : List.of("directory-1", "mailbox-1", "chatroom-1")) {
      cluster.restart(victim);
    }
    cluster.awaitStable(ALL);
  }

  @Test
  @Order(3)
  void aDeadGatewaysUsersLeaveAndTheirRoomsClose() throws Exception {
    try (WireClient nina = WireClient.login(port1, "Nina3"); WireClient jose = WireClient.login(port2, "Jose3")) {
      jose.act("4", Map.of("room", "doomed"));
      jose.expect(Frame.Room.class);
      nina.act("5", Map.of("room", "doomed"));
      nina.expect(Frame.Room.class);
      jose.expectLine("Nina3 joined.");

      cluster.kill("gateway-2");

      Frame.Event closed = nina.awaitFrame(Frame.Event.class);
      assertThat(closed.text()).isEqualTo("Chat room doomed was closed by Jose3.");
      nina.expect(Frame.Menu.class);
      assertThat(nina.run("1", Map.of())).containsExactly("Users in server: Nina3:" + nina.clientId());
    }
    cluster.restart("gateway-2");
    cluster.awaitStable(ALL);
  }

  @Test
  @Order(4)
  void withNoChatroomInstanceUsersAreToldAndServiceReturnsWithOne() throws Exception {
    // One at a time, as the cluster's one synchronous backup promises to survive: two members
    // lost at once lose every entry whose two copies they held.
    cluster.kill("chatroom-1");
    cluster.awaitStable(ALL - 1);
    cluster.kill("chatroom-2");
    cluster.awaitStable(ALL - 2);
    try (WireClient nina = WireClient.login(port1, "Nina4")) {
      assertThat(nina.runFailing("4", Map.of("room", "later")).message()).isEqualTo(UNAVAILABLE);
      cluster.restart("chatroom-1");
      cluster.awaitStable(ALL - 1);
      nina.act("4", Map.of("room", "later"));
      assertThat(nina.expect(Frame.Room.class).room()).isEqualTo("later");
      nina.say("exit");
      nina.expectLine("Chat room later was closed by Nina4.");
      nina.expect(Frame.Menu.class);
    }
    cluster.restart("chatroom-2");
    cluster.awaitStable(ALL);
  }

  @Test
  @Order(5)
  void aRollingRestartUnderLoadLosesNothing() throws Exception {
    try (DmLoad load = new DmLoad("rolling", port1, 3)) {
      load.start();
      load.awaitMore(20);
      for (String member : List.of("directory-1", "directory-2", "mailbox-1", "mailbox-2", "chatroom-1", "chatroom-2", "gateway-2")) {
        assertThat(cluster.terminate(member).waitFor(60, TimeUnit.SECONDS)).as("%s stops on SIGTERM", member).isTrue();
        cluster.awaitStable(ALL - 1);
        cluster.restart(member);
        cluster.awaitStable(ALL);
        load.awaitMore(20);
      }
      DmLoad.Account account = load.stop();
      assertThat(account.lost()).as("confirmed but never delivered").isEmpty();
      assertThat(account.duplicated()).as("delivered twice").isEmpty();
      assertThat(account.unknown()).isEmpty();
    }
  }

  @Test
  @Order(6)
  void aGatewayStoppedWithSigtermWarnsItsClientsAndLeaves() throws Exception {
    try (WireClient warned = WireClient.login(port2, "Warned")) {
      Process gateway = cluster.terminate("gateway-2");
      assertThat(warned.awaitFrame(Frame.Shutdown.class).message()).isEqualTo("Server will shut down in 2 seconds");
      assertThat(warned.awaitFrame(Frame.Bye.class).reason()).isEqualTo("Server shut down.");
      assertThat(warned.awaitClosed()).isTrue();
      assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
      cluster.awaitStable(ALL - 1);
    }
  }
}
