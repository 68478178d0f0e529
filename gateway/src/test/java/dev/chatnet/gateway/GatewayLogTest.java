package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.mailbox.MailboxVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** The gateway's log lines about a user carry its client id for logs read by machine, and never what it typed. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayLogTest {

  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger gatewayLog = (Logger) LoggerFactory.getLogger("dev.chatnet.gateway");
  private GatewayVerticle gateway;

  @BeforeEach
  void deploy(Vertx vertx) throws Exception {
    lines.start();
    gatewayLog.addAppender(lines);
    gateway = new GatewayVerticle("node-1");
    DeploymentOptions options = new DeploymentOptions().setConfig(GatewayTest.CONFIG);
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1"))).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new MailboxVerticle(), options).await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(gateway, options).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void detach() {
    gatewayLog.detachAppender(lines);
  }

  @Test
  void aUsersLinesCarryItsClientIdAndNotWhatItSent(Vertx vertx) throws Exception {
    LinkedBlockingQueue<JsonObject> left = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body())).completion()
        .await(10, TimeUnit.SECONDS);
    long id;
    try (WireClient nina = WireClient.login(gateway.port(), "Nina")) {
      id = nina.clientId();
      assertThat(nina.run("2", Map.of("message", "a very private note", "recipient", Long.toString(id))))
          .containsExactly("Message sent!");
    }
    // The disconnect is logged before the directory hears of it.
    assertThat(left.poll(10, TimeUnit.SECONDS)).isNotNull();

    List<ILoggingEvent> about = logged().stream()
        .filter(e -> e.getFormattedMessage().startsWith("Client Nina ")).toList();
    assertThat(about).extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly("Client Nina (" + id + ") connected from 127.0.0.1", "Client Nina (" + id + ") disconnected");
    for (ILoggingEvent line : about) {
      assertThat(line.getKeyValuePairs()).extracting(kv -> kv.key, kv -> kv.value)
          .containsExactly(tuple("client", id));
    }
    assertThat(logged()).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(text -> text.contains("private note"));
  }

  /** What was logged so far: the event loop may be appending while the test reads. */
  private List<ILoggingEvent> logged() {
    synchronized (lines) { // AppenderBase appends under the appender's own lock
      return List.copyOf(lines.list);
    }
  }
}
