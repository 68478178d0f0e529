package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /health} of a member of a real two-member cluster: who answers, how many members, whether it is safe. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HealthTest {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Node first;
  private Node second;

  @AfterEach
  void stop() throws Exception {
    TestNodes.close(second);
    TestNodes.close(first);
  }

  @Test
  void aMemberSaysTheClusterIsSafeOnceEveryEntryHasItsBackupAndCountsAMemberThatDied() throws Exception {
    JsonObject cluster = TestNodes.clusterConfig();
    first = TestNodes.start(cluster);
    second = TestNodes.start(cluster);
    HazelcastInstance member = TestNodes.hazelcast(first);
    member.getMap("health-test").put("key", "value");
    int port = Health.start(first, cluster.copy().put("health-host", "127.0.0.1").put("health-port", 0), "test-service")
        .await(30, TimeUnit.SECONDS).port();
    // Hazelcast's own wait for every entry's backup, on each member: then the cluster is safe.
    assertThat(member.getPartitionService().forceLocalMemberToBeSafe(60, TimeUnit.SECONDS)).isTrue();
    assertThat(TestNodes.hazelcast(second).getPartitionService().forceLocalMemberToBeSafe(60, TimeUnit.SECONDS)).isTrue();

    JsonObject safe = health(port);
    assertThat(safe.getBoolean("clusterSafe")).isTrue();
    assertThat(safe.getInteger("clusterMembers")).isEqualTo(2);
    assertThat(safe.getString("status")).isEqualTo("UP");
    assertThat(safe.getString("service")).isEqualTo("test-service");
    assertThat(safe.getLong("pid")).isEqualTo(ProcessHandle.current().pid());

    CountDownLatch left = new CountDownLatch(1);
    first.membership().onNodeLeft(node -> left.countDown());
    TestNodes.crash(second);
    second = null;
    assertThat(left.await(60, TimeUnit.SECONDS)).as("the member's death is noticed").isTrue();
    assertThat(member.getPartitionService().forceLocalMemberToBeSafe(60, TimeUnit.SECONDS)).isTrue();

    JsonObject alone = health(port);
    assertThat(alone.getInteger("clusterMembers")).isEqualTo(1);
    assertThat(alone.getBoolean("clusterSafe")).isTrue();
    assertThat(alone.getString("node")).isEqualTo(first.id());
    assertThat(member.getMap("health-test").get("key")).isEqualTo("value");
  }

  private JsonObject health(int port) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(200);
    return new JsonObject(answer.body());
  }
}
