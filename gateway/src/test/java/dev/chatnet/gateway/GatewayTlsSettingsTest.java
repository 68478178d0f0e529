package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A gateway told half of its TLS setup, or given files it cannot use, does not start, and says why. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GatewayTlsSettingsTest {

  private static Throwable deployFailure(Vertx vertx, JsonObject config) throws Exception {
    return vertx.deployVerticle(new GatewayVerticle("node-1"), new DeploymentOptions().setConfig(GatewayTest.CONFIG.copy().mergeIn(config)))
        .<Throwable>map(id -> null)
        .otherwise(e -> e)
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  void aCertificateWithoutItsKeyIsRefused(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    assertThat(deployFailure(vertx, new JsonObject().put("tls-cert", certificate.certificatePath())))
        .hasMessage("--tls-cert and --tls-key go together: give both, or neither for clear text");
    certificate.delete();
  }

  @Test
  void filesThatAreNotACertificateAndKeyAreRefused(Vertx vertx) throws Exception {
    Throwable failure = deployFailure(vertx, new JsonObject().put("tls-cert", "/no/such/cert.pem").put("tls-key", "/no/such/key.pem"));
    assertThat(failure).hasMessageStartingWith("Could not use the TLS certificate /no/such/cert.pem and key /no/such/key.pem: ");
  }

  @Test
  void aCertificateAndItsKeyMakeATlsPort(Vertx vertx) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    GatewayVerticle gateway = new GatewayVerticle("node-1");
    vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(GatewayTest.CONFIG.copy()
        .put("tls-cert", certificate.certificatePath()).put("tls-key", certificate.privateKeyPath()))).await(10, TimeUnit.SECONDS);
    assertThat(gateway.tls()).isTrue();
    certificate.delete();
  }
}
