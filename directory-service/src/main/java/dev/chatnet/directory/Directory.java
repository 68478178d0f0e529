package dev.chatnet.directory;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.Names;
import dev.chatnet.protocol.bus.User;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who is online, kept in two cluster-wide maps: names (lower-cased) and ids, each to the same
 * user. Every change is one atomic map operation (putIfAbsent, removeIfPresent), so two
 * gateways racing for one name or one id end with exactly one winner.
 */
final class Directory {

  static final String NAMES_MAP = "directory.names";
  static final String IDS_MAP = "directory.ids";

  /** Ids look like the SPEC's (five digits) while there is room; the range widens as it fills. */
  private static final int SHORT_ID_ATTEMPTS = 8;
  private static final int MAX_ID_ATTEMPTS = 16;

  private final AsyncMap<String, JsonObject> names;
  private final AsyncMap<String, JsonObject> ids;
  private long lastJoinedAt;

  Directory(AsyncMap<String, JsonObject> names, AsyncMap<String, JsonObject> ids) {
    this.names = names;
    this.ids = ids;
  }

  /** Reserves the name, then a free id; fails NAME_INVALID or NAME_TAKEN. */
  Future<User> register(String name, String node) {
    var problem = Names.problem(name);
    if (problem.isPresent()) {
      return Future.failedFuture(Failure.NAME_INVALID.exception(problem.get()));
    }
    String key = Names.key(name);
    String session = UUID.randomUUID().toString();
    // The name is held by a claim until the id is known; a claim carries its node so a claim
    // left by a gateway that died half-way is swept like a user.
    JsonObject claim = new JsonObject().put("name", name).put("session", session).put("node", node);
    return names.putIfAbsent(key, claim).compose(existing -> {
      if (existing != null) {
        return Future.failedFuture(Failure.NAME_TAKEN.exception("The name '" + name + "' is already taken."));
      }
      return assignId(name, session, node, 0)
          .compose(user -> names.replaceIfPresent(key, claim, toJson(user)).compose(held -> held
              ? Future.succeededFuture(user)
              : remove(user.id(), session).transform(v -> Future.<User>failedFuture(
                  Failure.INTERNAL.exception("the name was released while it was registered")))))
          .recover(err -> releaseName(key, session).transform(v -> Future.failedFuture(err)));
    });
  }

  private Future<User> assignId(String name, String session, String node, int attempt) {
    if (attempt >= MAX_ID_ATTEMPTS) {
      return Future.failedFuture(Failure.INTERNAL.exception("no free client id"));
    }
    int bound = attempt < SHORT_ID_ATTEMPTS ? 100_000 : Integer.MAX_VALUE;
    long id = ThreadLocalRandom.current().nextLong(1_000, bound);
    User user = new User(id, name, session, node, joinedAt());
    return ids.putIfAbsent(String.valueOf(id), toJson(user)).compose(existing -> existing == null
        ? Future.succeededFuture(user)
        : assignId(name, session, node, attempt + 1));
  }

  /**
   * Now, in epoch milliseconds, but later than any registration before it here: users who
   * register within one millisecond are still listed in the order they came.
   */
  private long joinedAt() {
    lastJoinedAt = Math.max(System.currentTimeMillis(), lastJoinedAt + 1);
    return lastJoinedAt;
  }

  Future<User> lookup(long id) {
    return ids.get(String.valueOf(id)).compose(json -> json == null
        ? Future.failedFuture(Failure.NOT_FOUND.exception("No user with id " + id + " is connected."))
        : Future.succeededFuture(fromJson(json)));
  }

  /** Everyone online, oldest session first. */
  Future<List<User>> list() {
    return ids.values().map(values -> values.stream()
        .map(Directory::fromJson)
        .sorted(Comparator.comparingLong(User::joinedAt).thenComparingLong(User::id))
        .toList());
  }

  /**
   * Removes the user if {@code session} still holds the id. Yields the user when this call
   * removed it, null when it was gone already, so exactly one caller announces each departure.
   */
  Future<User> remove(long id, String session) {
    Objects.requireNonNull(session, "session");
    String idKey = String.valueOf(id);
    return ids.get(idKey).compose(json -> {
      if (json == null || !session.equals(json.getString("session"))) {
        return Future.succeededFuture(null);
      }
      User user = fromJson(json);
      return ids.removeIfPresent(idKey, json).compose(removed -> removed
          ? releaseName(Names.key(user.name()), session).map(user)
          : Future.succeededFuture(null));
    });
  }

  /** Frees the name if {@code session} still holds it. */
  private Future<Void> releaseName(String key, String session) {
    return names.get(key).compose(json -> json != null && session.equals(json.getString("session"))
        ? names.removeIfPresent(key, json).mapEmpty()
        : Future.succeededFuture());
  }

  /**
   * Removes every user and name claim held by a gateway node that is not {@code live}; yields
   * the users this call removed.
   */
  Future<List<User>> removeOutside(Predicate<String> live) {
    Future<List<User>> users = ids.values().compose(values -> {
      List<Future<User>> removals = values.stream()
          .map(Directory::fromJson)
          .filter(u -> !live.test(u.node()))
          .map(u -> remove(u.id(), u.session()))
          .toList();
      return Future.all(removals).map(all -> removals.stream()
          .map(Future::result)
          .filter(Objects::nonNull)
          .toList());
    });
    Future<Void> claims = names.entries().compose(entries -> Future.all(entries.entrySet().stream()
        .filter(e -> !live.test(e.getValue().getString("node")))
        .map(e -> releaseName(e.getKey(), e.getValue().getString("session")))
        .toList()).mapEmpty());
    return users.compose(removed -> claims.map(removed));
  }

  static JsonObject toJson(User user) {
    return user.toJson();
  }

  static User fromJson(JsonObject json) {
    return User.fromJson(json);
  }
}
