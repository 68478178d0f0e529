package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.proxy.ProxyVerticle;
import dev.chatnet.runtime.Node;
import dev.chatnet.standalone.Standalone;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The proxy scenario, small, against chatnet standalone in this JVM: correctness only, never speed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProxyScenarioSmokeTest {

  @TempDir
  Path dataDir;

  private Node node;
  private JsonObject config;
  private int proxyPort;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    // Standalone.Deployment only tells the gateway's port: choose the forward proxy's here.
    proxyPort = freePort();
    config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", proxyPort)
        // The default deny list blocks loopback, where the bench's origin listens.
        .put("proxy-deny", "169.254.0.0/16")
        .put("data-dir", dataDir.toString());
    Standalone.deploy(node, config).await(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Report run(int proxyPort, String... options) {
    List<String> args = new ArrayList<>(List.of("proxy", "--proxy-port", String.valueOf(proxyPort), "--timeout", "60"));
    args.addAll(List.of(options));
    return Bench.run(Main.parse(args.toArray(String[]::new)));
  }

  @Test
  void everyMeasuredRequestIsACacheHit() {
    Report report = run(proxyPort, "--connections", "4", "--requests", "200");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("requestsDone")).isEqualTo(200);
    assertThat(report.figures().getInteger("requestsFailed")).isZero();
    assertThat(report.figures().getLong("originRequestsDuringMeasure")).isZero();
    assertThat(report.figures().getLong("originRequestsTotal")).isEqualTo(1);
    assertThat(report.figures().getInteger("cacheHits")).isEqualTo(200);
    assertThat(report.figures().getBoolean("bodyMatched")).isTrue();
    assertThat(report.figures().getJsonObject("latency").getInteger("count")).isEqualTo(200);
    assertThat(report.figures().getDouble("requestsPerSecond")).isPositive();
  }

  @Test
  void severalObjectsAreEachFetchedFromTheOriginOnce() {
    Report report = run(proxyPort, "--connections", "3", "--requests", "90", "--urls", "3", "--body", "5000");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("warmupRequests")).isEqualTo(3);
    assertThat(report.figures().getLong("originRequestsTotal")).isEqualTo(3);
    assertThat(report.figures().getLong("originRequestsDuringMeasure")).isZero();
  }

  @Test
  void anUncacheableObjectFailsTheCheck() {
    Report report = run(proxyPort, "--connections", "4", "--requests", "40", "--cache-control", "no-store");

    assertThat(report.passed()).as("%s", report).isFalse();
    assertThat(report.figures().getInteger("requestsDone")).isEqualTo(40);
    assertThat(report.figures().getLong("originRequestsDuringMeasure")).isEqualTo(40);
    assertThat(report.figures().getLong("originRequestsTotal")).isEqualTo(41);
    assertThat(report.notes()).anyMatch(note -> note.contains("did not answer them from its cache"));
  }

  @Test
  void aProxyThatDeniesLoopbackIsExplained() throws Exception {
    JsonObject strict = config.copy()
        .put("proxy-port", 0)
        .put("proxy-deny", ProxyVerticle.defaults().getString("proxy-deny"));
    ProxyVerticle denying = new ProxyVerticle();
    node.vertx().deployVerticle(denying, new DeploymentOptions().setConfig(strict)).await(30, TimeUnit.SECONDS);

    Report report = run(denying.port(), "--connections", "2", "--requests", "10");

    assertThat(report.passed()).as("%s", report).isFalse();
    assertThat(report.figures().getInteger("warmupFailed")).isEqualTo(1);
    assertThat(report.figures().getInteger("requestsDone")).isZero();
    assertThat(report.figures().getLong("originRequestsTotal")).isZero();
    assertThat(report.notes()).anyMatch(note -> note.contains("--proxy-deny 169.254.0.0/16"));
  }

  @Test
  void noProxyListeningIsExplained() throws Exception {
    Report report = run(freePort(), "--connections", "2", "--requests", "10");

    assertThat(report.passed()).as("%s", report).isFalse();
    assertThat(report.figures().getInteger("requestsDone")).isZero();
    assertThat(report.notes()).anyMatch(note -> note.contains("is the server running with its forward proxy"));
  }
}
