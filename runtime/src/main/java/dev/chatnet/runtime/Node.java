package dev.chatnet.runtime;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** One process's Vertx: clustered over Hazelcast, or local for standalone mode. */
public record Node(Vertx vertx, Membership membership) {

  /** Settings every process understands, with their defaults. */
  public static JsonObject defaults(boolean clustered) {
    return new JsonObject()
        .put("cluster", clustered)
        .mergeIn(ClusterConfig.defaults());
  }

  public static Future<Node> start(JsonObject config) {
    if (!config.getBoolean("cluster", false)) {
      return Future.succeededFuture(new Node(Vertx.vertx(), Membership.local(UUID.randomUUID().toString())));
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(ClusterConfig.hazelcast(config));
    return Vertx.builder()
        .with(ClusterConfig.vertxOptions(config))
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new Node(vertx, new HazelcastMembership(manager)));
  }

  public String id() {
    return membership.localNode();
  }

  private record HazelcastMembership(HazelcastClusterManager manager) implements Membership {

    @Override
    public String localNode() {
      return manager.getNodeId();
    }

    @Override
    public Set<String> nodes() {
      HazelcastInstance hz = manager.getHazelcastInstance();
      return hz.getCluster().getMembers().stream().map(m -> m.getUuid().toString()).collect(Collectors.toSet());
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
          Member member = event.getMember();
          handler.accept(member.getUuid().toString());
        }
      });
      return () -> cluster.removeMembershipListener(registration);
    }
  }
}
