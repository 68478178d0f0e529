package dev.chatnet.state;

import com.hazelcast.map.IMap;
import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link Store} on a Hazelcast map: each operation is an entry processor on the key's owner. */
final class HazelcastStore<V> implements Store<V> {

  private static final Logger log = LoggerFactory.getLogger(HazelcastStore.class);

  private final Vertx vertx;
  private final IMap<String, V> map;

  HazelcastStore(Vertx vertx, IMap<String, V> map) {
    this.vertx = vertx;
    this.map = map;
  }

  @Override
  public <R> Future<R> apply(String key, Operation<V, R> operation) {
    return onCaller(map.submitToKey(key, operation), operation.getClass().getSimpleName());
  }

  @Override
  public Future<V> get(String key) {
    return onCaller(map.getAsync(key), "get");
  }

  @Override
  public Future<List<V>> values() {
    // Hazelcast has no asynchronous form of values().
    return vertx.<List<V>>executeBlocking(() -> new ArrayList<>(map.values()), false)
        .recover(err -> Future.failedFuture(unavailable("values", err)));
  }

  /**
   * Handed from Hazelcast's thread straight to the caller's event loop: no worker thread per
   * operation, and no hop through the common ForkJoin pool, where Hazelcast runs a plain
   * {@code whenComplete} callback (a second thread wake-up per operation). A failure of the
   * cluster (a member gone, a timeout, a member of another version) is UNAVAILABLE for the
   * caller, with the detail in the log, not in the answer.
   */
  private <T> Future<T> onCaller(CompletionStage<T> stage, String what) {
    Context context = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync((value, err) -> {
      if (context == null) {
        settle(promise, value, err);
      } else {
        context.runOnContext(v -> settle(promise, value, err));
      }
    }, Runnable::run);
    return promise.future().recover(err -> Future.failedFuture(unavailable(what, err)));
  }

  private static <T> void settle(Promise<T> promise, T value, Throwable err) {
    if (err != null) {
      promise.fail(err);
    } else {
      promise.complete(value);
    }
  }

  private Throwable unavailable(String what, Throwable err) {
    log.warn("{} on {} failed: {}", what, map.getName(), err.toString());
    return Failure.UNAVAILABLE.exception("The cluster could not complete the request; please try again.");
  }
}
