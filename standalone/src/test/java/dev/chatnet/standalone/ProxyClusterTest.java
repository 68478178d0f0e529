package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.gateway.Gateways;
import dev.chatnet.proxy.ProxyVerticle;
import dev.chatnet.proxy.TestOrigin;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option 6 through the real client on a real Hazelcast cluster: the gateway on one node,
 * proxy-service instances on two nodes sharing one cache directory.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ProxyClusterTest {

  @TempDir
  Path dataDir;

  private Node gatewayNode;
  private Node proxyNode;
  private CliProcess nina;

  @AfterEach
  void stop() throws Exception {
    if (nina != null) {
      nina.close();
    }
    TestNodes.close(proxyNode);
    TestNodes.close(gatewayNode);
  }

  @Test
  void theProxyMenuWorksAcrossTheClusterAndTheCacheIsShared() throws Exception {
    JsonObject config = TestNodes.clusterConfig()
        .mergeIn(Gateways.defaults())
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("gateway-instances", 1)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        // The test's origin listens on loopback, which the default policy denies.
        .put("proxy-deny", "169.254.0.0/16")
        .put("data-dir", dataDir.toString());
    gatewayNode = TestNodes.start(config);
    proxyNode = TestNodes.start(config);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    TestNodes.await(gatewayNode.vertx().deployVerticle(new DirectoryVerticle(gatewayNode.membership()), options));
    TestNodes.await(gatewayNode.vertx().deployVerticle(new ProxyVerticle(), options));
    TestNodes.await(proxyNode.vertx().deployVerticle(new ProxyVerticle(), options));
    int port = TestNodes.await(Gateways.deploy(gatewayNode, config)).port();
    TestOrigin origin = TestNodes.await(TestOrigin.start(proxyNode.vertx()));

    nina = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    nina.await(StandaloneCliTest.MENU);
    nina.type("6");
    nina.await(StandaloneProxyCliTest.proxyMenu("On", "On", "Off"));
    nina.type("1");
    String caching = StandaloneProxyCliTest.proxyMenu("Off", "On", "Off");
    nina.await(caching);
    // Requests alternate between the two instances: whichever answers, the second is the cache's.
    for (String expected : new String[] {"Success 200 OK\n", "Success 200 OK (cache)\n", "Success 200 OK (cache)\n"}) {
      nina.type("4");
      nina.await("request> ");
      nina.type("GET " + origin.url("/cacheable"));
      assertThat(nina.await(caching)).isEqualTo("GET %s\nSource IP address: 127.0.0.1\n%scacheable #1\n\n"
          .formatted(origin.url("/cacheable"), expected));
    }
    assertThat(origin.count("/cacheable")).isEqualTo(1);
  }
}
