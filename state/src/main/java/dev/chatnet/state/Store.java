package dev.chatnet.state;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * A named map of the cluster's state, changed only by {@link Operation}s, one keyed step each.
 * Clustered it is a Hazelcast map (synchronous backup, see chatnet-cluster.xml) and an
 * operation is one round trip to the member owning the key; standalone it is a map in this
 * process and an operation runs at once. The operations are the same classes either way.
 */
public interface Store<V> {

  /** Runs {@code operation} on the entry of {@code key}; the result comes back on the caller's context. */
  <R> Future<R> apply(String key, Operation<V, R> operation);

  /**
   * The value of {@code key}, or null: one read where the key lives. Standalone hands back the
   * stored instance itself, so read a value that operations change in place through an operation.
   */
  Future<V> get(String key);

  /** Every value, in no order: reads the whole map, for listings and sweeps, not for a hot path. */
  Future<List<V>> values();

  /** The map {@code name} of this Vert.x instance's cluster, or of this process when it is not clustered. */
  static <V> Store<V> of(Vertx vertx, String name) {
    if (!vertx.isClustered()) {
      return LocalStore.of(vertx, name);
    }
    // The one place that reaches into Vert.x for its cluster manager: the maps' own API is
    // needed for entry processors, which the AsyncMap interface does not offer.
    HazelcastInstance hazelcast = ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager())
        .getHazelcastInstance();
    return new HazelcastStore<>(vertx, hazelcast.getMap(name));
  }
}
