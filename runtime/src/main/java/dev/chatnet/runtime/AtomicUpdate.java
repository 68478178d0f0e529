package dev.chatnet.runtime;

import dev.chatnet.protocol.bus.Failure;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.function.UnaryOperator;

/**
 * Read-modify-write of one entry of a shared map, made atomic by compare-and-set: the change
 * is applied to what was read and written only if the entry is still what was read, else
 * read again. Works the same on the local maps of standalone mode and on Hazelcast's.
 */
public final class AtomicUpdate {

  /** Past this many lost races something is wrong; the caller gets a "try again". */
  private static final int MAX_ATTEMPTS = 64;

  private AtomicUpdate() {
  }

  /**
   * Applies {@code change} to the entry (null when absent) and yields the value written.
   * {@code change} returns the new value, the same instance to write nothing, or null to
   * remove the entry; it may throw a {@code ReplyException} to fail the update.
   */
  public static Future<JsonObject> of(AsyncMap<String, JsonObject> map, String key, UnaryOperator<JsonObject> change) {
    return attempt(map, key, change, 0);
  }

  private static Future<JsonObject> attempt(AsyncMap<String, JsonObject> map, String key,
                                            UnaryOperator<JsonObject> change, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      return Future.failedFuture(Failure.UNAVAILABLE.exception("Too busy; try again."));
    }
    return map.get(key).compose(current -> {
      JsonObject next = change.apply(current);
      if (next == current) {
        return Future.succeededFuture(current);
      }
      Future<Boolean> written;
      if (next == null) {
        written = map.removeIfPresent(key, current);
      } else if (current == null) {
        written = map.putIfAbsent(key, next).map(previous -> previous == null);
      } else {
        written = map.replaceIfPresent(key, current, next);
      }
      return written.compose(ok -> ok ? Future.succeededFuture(next) : attempt(map, key, change, attempt + 1));
    });
  }
}
