package dev.chatnet.runtime;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/** One process's Vertx: clustered over Hazelcast, or local for standalone mode. */
public record Node(Vertx vertx, Membership membership) {

  /** Settings every process understands, with their defaults. */
  public static JsonObject defaults(boolean clustered) {
    return new JsonObject()
        .put("cluster", clustered)
        .mergeIn(ClusterConfig.defaults())
        // 0: any free port, printed at start; -1: none. Containers and launchers set one.
        .put("health-port", clustered ? 0 : -1)
        .put("health-host", "0.0.0.0");
  }

  /** Where services keep files unless told otherwise: never relative to the working directory. */
  public static String defaultDataDir() {
    return java.nio.file.Path.of(System.getProperty("user.home"), ".chatnet").toString();
  }

  public static Future<Node> start(JsonObject config) {
    if (!config.getBoolean("cluster", false)) {
      return Future.succeededFuture(new Node(Vertx.vertx(), Membership.local(UUID.randomUUID().toString())));
    }
    JsonObject cluster = ClusterConfig.resolve(config);
    VertxOptions options;
    try {
      options = ClusterConfig.vertxOptions(cluster);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(ClusterConfig.hazelcast(cluster));
    return Vertx.builder()
        .with(options)
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new Node(vertx, new HazelcastMembership(manager)));
  }

  public String id() {
    return membership.localNode();
  }

  private record HazelcastMembership(HazelcastClusterManager manager) implements Membership {

    private static final String VERTX_NODE_ID = "__vertx.nodeId";

    @Override
    public String localNode() {
      return manager.getNodeId();
    }

    @Override
    public Set<String> nodes() {
      return Set.copyOf(manager.getNodes());
    }

    @Override
    public boolean safe() {
      return manager.getHazelcastInstance().getPartitionService().isClusterSafe();
    }

    @Override
    public Runnable onNodeLeft(Consumer<String> handler) {
      var cluster = manager.getHazelcastInstance().getCluster();
      UUID registration = cluster.addMembershipListener(new MembershipListener() {
        @Override
        public void memberAdded(MembershipEvent event) {
        }

        @Override
        public void memberRemoved(MembershipEvent event) {
          // Vert.x names nodes by this member attribute, not by the member's UUID.
          String node = event.getMember().getAttribute(VERTX_NODE_ID);
          if (node != null) {
            handler.accept(node);
          }
        }
      });
      return () -> cluster.removeMembershipListener(registration);
    }
  }
}
