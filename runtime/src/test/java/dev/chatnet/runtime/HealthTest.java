package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.runtime.testing.TestNodes;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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
    TestNodes.hazelcast(first).getMap("health-test").put("key", "value");
    int port = Health.start(first, cluster.copy().put("health-host", "127.0.0.1").put("health-port", 0), "test-service")
        .await(30, TimeUnit.SECONDS).port();

    JsonObject safe = awaitHealth(port, h -> h.getBoolean("clusterSafe") && h.getInteger("clusterMembers") == 2);
    assertThat(safe.getString("status")).isEqualTo("UP");
    assertThat(safe.getString("service")).isEqualTo("test-service");
    assertThat(safe.getLong("pid")).isEqualTo(ProcessHandle.current().pid());

    TestNodes.crash(second);
    second = null;
    JsonObject alone = awaitHealth(port, h -> h.getInteger("clusterMembers") == 1 && h.getBoolean("clusterSafe"));
    assertThat(alone.getString("node")).isEqualTo(first.id());
    assertThat(TestNodes.hazelcast(first).getMap("health-test").get("key")).isEqualTo("value");
  }

  /** Asks until the answer matches: the endpoint is polled by its users too, there is no event to wait on. */
  private JsonObject awaitHealth(int port, Predicate<JsonObject> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      last = new JsonObject(answer.body());
      if (wanted.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the health endpoint never answered as wanted; last: " + last);
  }
}
