package dev.chatnet.state;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/** A {@link Store} on a Hazelcast map: each operation is an entry processor on the key's owner. */
final class HazelcastStore<V> implements Store<V> {

  private final Vertx vertx;
  private final IMap<String, V> map;

  HazelcastStore(Vertx vertx, IMap<String, V> map) {
    this.vertx = vertx;
    this.map = map;
  }

  @Override
  public <R> Future<R> apply(String key, Operation<V, R> operation) {
    Context context = Vertx.currentContext();
    // Completed on Hazelcast's thread and handed to the caller's event loop: no worker thread per operation.
    return context == null
        ? Future.fromCompletionStage(map.submitToKey(key, operation))
        : Future.fromCompletionStage(map.submitToKey(key, operation), context);
  }

  @Override
  public Future<V> get(String key) {
    Context context = Vertx.currentContext();
    return context == null ? Future.fromCompletionStage(map.getAsync(key)) : Future.fromCompletionStage(map.getAsync(key), context);
  }

  @Override
  public Future<List<V>> values() {
    // Hazelcast has no asynchronous form of values().
    return vertx.executeBlocking(() -> new ArrayList<>(map.values()), false);
  }
}
