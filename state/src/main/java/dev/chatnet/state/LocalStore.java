package dev.chatnet.state;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Store} in this process, for standalone mode: an operation runs at once, atomically
 * for its key ({@link ConcurrentHashMap#compute}), on the very value stored.
 */
final class LocalStore<V> implements Store<V>, Shareable {

  private final ConcurrentHashMap<String, V> entries = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  static <V> LocalStore<V> of(Vertx vertx, String name) {
    // One per map name and Vert.x instance, as a cluster has one map per name.
    LocalMap<String, LocalStore<?>> stores = vertx.sharedData().getLocalMap("__chatnet.state");
    LocalStore<?> fresh = new LocalStore<>();
    LocalStore<?> existing = stores.putIfAbsent(name, fresh);
    return (LocalStore<V>) (existing != null ? existing : fresh);
  }

  @Override
  public <R> Future<R> apply(String key, Operation<V, R> operation) {
    Entry<V> entry = new Entry<>(key);
    try {
      entries.compute(key, (k, current) -> {
        entry.value = current;
        entry.result = operation.process(entry);
        return entry.value;
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    @SuppressWarnings("unchecked")
    R result = (R) entry.result;
    return Future.succeededFuture(result);
  }

  @Override
  public Future<V> get(String key) {
    return Future.succeededFuture(entries.get(key));
  }

  @Override
  public Future<List<V>> values() {
    return Future.succeededFuture(new ArrayList<>(entries.values()));
  }

  /** The entry an operation sees: what it sets is what {@code compute} stores. */
  private static final class Entry<V> implements Map.Entry<String, V> {
    private final String key;
    private V value;
    private Object result;

    Entry(String key) {
      this.key = key;
    }

    @Override
    public String getKey() {
      return key;
    }

    @Override
    public V getValue() {
      return value;
    }

    @Override
    public V setValue(V next) {
      V previous = value;
      value = next;
      return previous;
    }
  }
}
