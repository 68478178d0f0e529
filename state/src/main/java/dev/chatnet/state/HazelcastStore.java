package dev.chatnet.state;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A {@link Store} on a Hazelcast map: each operation is an entry processor on the key's owner. */
final class HazelcastStore<V> implements Store<V> {

  private final IMap<String, V> map;

  HazelcastStore(IMap<String, V> map) {
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
}
