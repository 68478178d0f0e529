package dev.chatnet.runtime;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
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
        // Vert.x's and chatnet's meters, served as GET /metrics on the health port.
        .put("metrics", true)
        // plain: the console text the SPEC shows; json: one object per line, for a log collector.
        .put("log-format", "plain")
        .put("health-host", "0.0.0.0")
        // 0: Vert.x's default, twice the cores. A container limited to fewer cores than the
        // machine has is one place to set it.
        .put("event-loops", 0);
  }

  /** Where services keep files unless told otherwise: never relative to the working directory. */
  public static String defaultDataDir() {
    return java.nio.file.Path.of(System.getProperty("user.home"), ".chatnet").toString();
  }

  public static Future<Node> start(JsonObject config) {
    boolean metered = config.getBoolean("metrics", true);
    PrometheusMeterRegistry registry = metered ? Metrics.newRegistry() : null;
    int loops = config.getInteger("event-loops", 0);
    if (loops < 0) {
      return Future.failedFuture(new IllegalArgumentException("--event-loops is 0 (Vert.x's default) or more, not " + loops));
    }
    if (!config.getBoolean("cluster", false)) {
      VertxOptions options = sized(new VertxOptions(), loops);
      Vertx vertx = (metered ? Metrics.enable(Vertx.builder(), options, registry) : Vertx.builder().with(options)).build();
      return Future.succeededFuture(new Node(metered(vertx, registry), Membership.local(UUID.randomUUID().toString())));
    }
    JsonObject cluster = ClusterConfig.resolve(config);
    VertxOptions options;
    try {
      options = sized(ClusterConfig.vertxOptions(cluster), loops);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    HazelcastClusterManager manager = new HazelcastClusterManager(ClusterConfig.hazelcast(cluster));
    VertxBuilder builder = metered ? Metrics.enable(Vertx.builder(), options, registry) : Vertx.builder().with(options);
    return builder
        .withClusterManager(manager)
        .buildClustered()
        .map(vertx -> new Node(metered(vertx, registry), new HazelcastMembership(manager)));
  }

  /** {@code options} with {@code loops} event loops, or Vert.x's default for 0. */
  private static VertxOptions sized(VertxOptions options, int loops) {
    return loops > 0 ? options.setEventLoopPoolSize(loops) : options;
  }

  /** Makes {@code registry} the one {@code vertx}'s services record to, until it closes. */
  private static Vertx metered(Vertx vertx, PrometheusMeterRegistry registry) {
    if (registry != null) {
      Metrics.register(vertx, registry);
      ((VertxInternal) vertx).addCloseHook(completion -> {
        Metrics.unregister(vertx);
        completion.succeed();
      });
    }
    return vertx;
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
