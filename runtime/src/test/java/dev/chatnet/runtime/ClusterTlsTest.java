package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cluster members whose event bus runs over TLS talk; a member without the authority's certificate cannot. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterTlsTest {

  private static final DeliveryOptions SHORT = new DeliveryOptions().setSendTimeout(3000);

  private final SelfSignedCertificate member = SelfSignedCertificate.create("chatnet-member");
  private final SelfSignedCertificate stranger = SelfSignedCertificate.create("chatnet-member");
  private Node first;
  private Node second;
  private Node intruder;

  @AfterEach
  void stop() throws Exception {
    TestNodes.close(intruder);
    TestNodes.close(second);
    TestNodes.close(first);
    member.delete();
    stranger.delete();
  }

  private static JsonObject tls(JsonObject cluster, SelfSignedCertificate certificate, SelfSignedCertificate authority) {
    return cluster.copy()
        .put("cluster-tls-cert", certificate.certificatePath())
        .put("cluster-tls-key", certificate.privateKeyPath())
        .put("cluster-tls-ca", authority.certificatePath());
  }

  @Test
  void membersTalkOverTlsAndAMemberWithoutTheAuthoritysCertificateCannot() throws Exception {
    JsonObject cluster = TestNodes.clusterConfig();
    first = TestNodes.start(tls(cluster, member, member));
    second = TestNodes.start(tls(cluster, member, member));
    TestNodes.await(first.vertx().eventBus().<String>consumer("tls.echo", m -> m.reply("first heard: " + m.body())).completion());
    TestNodes.await(second.vertx().eventBus().<String>consumer("tls.echo.second", m -> m.reply("second heard: " + m.body())).completion());

    // The consumer's registration travels through the cluster's map: retry until it is seen.
    String answer = null;
    for (int attempt = 0; attempt < 20 && answer == null; attempt++) {
      try {
        answer = TestNodes.await(second.vertx().eventBus().<String>request("tls.echo", "hello", SHORT)).body();
      } catch (ReplyException e) {
        assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);
      }
    }
    assertThat(answer).isEqualTo("first heard: hello");
    assertThat(TestNodes.await(first.vertx().eventBus().<String>request("tls.echo.second", "hi", SHORT)).body())
        .isEqualTo("second heard: hi");

    // Same cluster, a certificate of its own making: the members refuse its connections and it theirs.
    intruder = TestNodes.start(tls(cluster, stranger, stranger));
    intruder.vertx().eventBus().<String>consumer("tls.intruder", m -> m.reply("intruder heard: " + m.body()));
    assertThatThrownBy(() -> TestNodes.await(intruder.vertx().eventBus().request("tls.echo", "let me in", SHORT)))
        .isInstanceOf(ReplyException.class);
    assertThat(TestNodes.await(second.vertx().eventBus().<String>request("tls.echo", "still here", SHORT)).body())
        .isEqualTo("first heard: still here");
  }

  @Test
  void halfATlsSetupIsRefusedAtStart() {
    JsonObject half = TestNodes.clusterConfig()
        .put("cluster-tls-cert", member.certificatePath())
        .put("cluster-tls-key", member.privateKeyPath());
    assertThatThrownBy(() -> Node.start(half).await(30, TimeUnit.SECONDS))
        .hasMessage("--cluster-tls-cert, --cluster-tls-key and --cluster-tls-ca go together: give all three, or none for clear text");
  }
}
