package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Gateway verticles that share a port take turns with new connections, and the last one closes it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListenerTest {

  @Test
  void instancesShareThePortTakeTurnsAndTheLastClosesIt(Vertx vertx) throws Exception {
    Listener listener = new Listener("127.0.0.1", 0);
    DeploymentOptions options = new DeploymentOptions().setConfig(GatewayTest.CONFIG);
    GatewayVerticle first = new GatewayVerticle("node-1", listener);
    GatewayVerticle second = new GatewayVerticle("node-1", listener);
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1"))).await(10, TimeUnit.SECONDS);
    String firstId = vertx.deployVerticle(first, options).await(10, TimeUnit.SECONDS);
    String secondId = vertx.deployVerticle(second, options).await(10, TimeUnit.SECONDS);
    int port = first.port();
    assertThat(second.port()).isEqualTo(port);

    List<WireClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        clients.add(WireClient.login(port, "User" + i));
      }
      // Only the first instance goes: the clients it served were told, the others still answer.
      vertx.undeploy(firstId).await(30, TimeUnit.SECONDS);
      int told = 0;
      int answered = 0;
      for (WireClient client : clients) {
        try {
          client.send(new Frame.Ping(7L));
        } catch (IOException closedAlready) {
          // Its instance closed it: the shutdown notice is still there to read.
        }
        Frame next = client.next();
        if (next instanceof Frame.Shutdown) {
          told++;
          assertThat(client.awaitFrame(Frame.Bye.class)).isNotNull();
          assertThat(client.awaitClosed()).isTrue();
        } else {
          assertThat(next).isEqualTo(new Frame.Pong(7L));
          answered++;
        }
      }
      assertThat(told).isEqualTo(2);
      assertThat(answered).isEqualTo(2);

      // New connections all go to the instance that is left.
      for (int i = 4; i < 8; i++) {
        clients.add(WireClient.login(port, "User" + i));
      }
      for (WireClient client : clients.subList(4, 8)) {
        assertThat(client.run("1", Map.of())).isNotEmpty();
      }

      vertx.undeploy(secondId).await(30, TimeUnit.SECONDS);
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    } finally {
      for (WireClient client : clients) {
        client.close();
      }
    }
  }
}
