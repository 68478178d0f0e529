package dev.chatnet.runtime.testing;

import com.hazelcast.core.HazelcastInstance;
import dev.chatnet.runtime.Node;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Clustered nodes on 127.0.0.1 with a cluster name of their own, so test runs never meet. */
public final class TestNodes {

  private TestNodes() {
  }

  /** Settings for the nodes of one test cluster; start each with {@link #start}. */
  public static JsonObject clusterConfig() {
    return Node.defaults(true)
        .put("cluster-name", "chatnet-test-" + UUID.randomUUID())
        .put("cluster-host", "127.0.0.1")
        .put("cluster-members", "127.0.0.1")
        .put("cluster-heartbeat-timeout", 5);
  }

  public static Node start(JsonObject config) throws Exception {
    return Node.start(config).await(60, TimeUnit.SECONDS);
  }

  /** Kills the node as a crash would: no goodbye to the cluster. */
  public static void crash(Node node) {
    hazelcast(node).getLifecycleService().terminate();
    node.vertx().close();
  }

  /** The node's Hazelcast member, to ask it which member owns a key. */
  public static HazelcastInstance hazelcast(Node node) {
    return ((HazelcastClusterManager) ((VertxInternal) node.vertx()).clusterManager()).getHazelcastInstance();
  }

  /** Runs {@code action} on an event loop of the node, as a verticle would, and yields its outcome. */
  public static <T> Future<T> onContext(Node node, Supplier<Future<T>> action) {
    Promise<T> done = Promise.promise();
    node.vertx().getOrCreateContext().runOnContext(v -> action.get().onComplete(done));
    return done.future();
  }

  public static void close(Node node) throws Exception {
    if (node != null) {
      node.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }

  public static <T> T await(Future<T> future) throws Exception {
    return future.await(WireClient.WAIT_SECONDS, TimeUnit.SECONDS);
  }
}
