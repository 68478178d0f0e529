package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Silent and half-open connections are closed after the idle timeout, and cleaned up. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayIdleTest {

  private GatewayVerticle gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new GatewayVerticle("node-1");
    JsonObject config = GatewayTest.CONFIG.copy().put("idle-timeout", 1).put("handshake-timeout", 1);
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1")))
        .compose(id -> vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  void aSilentUserIsDisconnectedWithAReasonAndRemoved(Vertx vertx) throws Exception {
    LinkedBlockingQueue<JsonObject> left = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body()));
    try (WireClient silent = WireClient.login(gateway.port(), "Silent")) {
      assertThat(silent.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected: no word from the client for 1 seconds.");
      assertThat(silent.awaitClosed()).isTrue();
      assertThat(left.poll(10, TimeUnit.SECONDS).getString("name")).isEqualTo("Silent");
    }
  }

  @Test
  void aConnectionThatNeverLogsInIsClosed() throws Exception {
    try (WireClient client = WireClient.connect(gateway.port())) {
      client.expect(Frame.Hello.class);
      assertThat(client.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected: the handshake did not finish in time.");
      assertThat(client.awaitClosed()).isTrue();
    }
  }

  /** Sends one byte of a line that never ends, every 200 ms, until the server closes. */
  private static void trickle(WireClient client) throws Exception {
    for (int i = 0; i < 100 && !client.isClosed(); i++) {
      try {
        client.sendRaw(new byte[] {'{'});
      } catch (java.io.IOException closed) {
        return;
      }
      Thread.sleep(200); // the pace of the trickle under test, not a wait for an event
    }
  }

  @Test
  void bytesThatNeverMakeALineDoNotKeepAConnectionAlive() throws Exception {
    try (WireClient trickling = WireClient.login(gateway.port(), "Trickle")) {
      trickle(trickling);
      assertThat(trickling.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected: no word from the client for 1 seconds.");
      assertThat(trickling.awaitClosed()).isTrue();
    }
  }

  @Test
  void aLineThatTakesTooLongToArriveEndsTheConnection(Vertx vertx) throws Exception {
    GatewayVerticle patient = new GatewayVerticle("node-1");
    JsonObject config = GatewayTest.CONFIG.copy().put("idle-timeout", 60).put("line-timeout", 1);
    vertx.deployVerticle(patient, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    try (WireClient trickling = WireClient.login(patient.port(), "Slowpoke")) {
      trickle(trickling);
      assertThat(trickling.expect(Frame.Bye.class).reason())
          .isEqualTo("Disconnected: a line took longer than 1 seconds to arrive.");
      assertThat(trickling.awaitClosed()).isTrue();
    }
  }
}
