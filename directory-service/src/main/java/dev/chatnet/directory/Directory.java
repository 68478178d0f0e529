package dev.chatnet.directory;

import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.Names;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.state.Store;
import dev.chatnet.state.directory.Claim;
import dev.chatnet.state.directory.Entry;
import dev.chatnet.state.directory.Release;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Who is online, kept in two cluster-wide maps: names (lower-cased) and ids, each to the same
 * user. Every change is one keyed operation where its key lives ({@link Claim}, {@link Release}),
 * so two gateways racing for one name or one id end with exactly one winner. A registration is
 * two operations (the name, then a free id), a removal two (the id, then the name).
 */
final class Directory {

  /** Not the earlier JSON maps' names: members of that version keep to their own maps. */
  static final String NAMES_MAP = "directory.names.v2";
  static final String IDS_MAP = "directory.ids.v2";

  /** Ids look like the SPEC's (five digits) while there is room; the range widens as it fills. */
  private static final int SHORT_ID_ATTEMPTS = 8;
  private static final int MAX_ID_ATTEMPTS = 16;

  private final Store<Entry> names;
  private final Store<Entry> ids;
  private long lastJoinedAt;

  Directory(Store<Entry> names, Store<Entry> ids) {
    this.names = names;
    this.ids = ids;
  }

  /**
   * Claims the name's keys ({@link NameKeys}: the name ignoring case, and its confusable
   * skeleton), then a free id; fails NAME_INVALID or NAME_TAKEN. A key's entry is the user
   * without its id: nothing reads the id there, and a claim carries its node, so a claim left by
   * a gateway that died half-way is swept like a user. Two keyed operations, three for a name
   * whose skeleton differs from it.
   */
  Future<User> register(String name, String node) {
    var problem = Names.problem(name);
    if (problem.isPresent()) {
      return Future.failedFuture(Failure.NAME_INVALID.exception(problem.get()));
    }
    String session = UUID.randomUUID().toString();
    long joinedAt = joinedAt();
    Entry claim = new Entry(new User(0, name, session, node, joinedAt));
    List<String> keys = NameKeys.of(name);
    return claimKeys(keys, 0, claim).compose(holder -> {
      if (holder != null) {
        String other = holder.user().name();
        return Future.failedFuture(Failure.NAME_TAKEN.exception(Names.key(other).equals(Names.key(name))
            ? "The name '" + name + "' is already taken."
            : "The name '" + name + "' is too like '" + other + "', who is online."));
      }
      return assignId(name, session, node, joinedAt, 0)
          .recover(err -> releaseName(name, session).transform(v -> Future.failedFuture(err)));
    });
  }

  /** Claims {@code keys} from {@code next} on; yields null when all are held, else the holder of the first taken (the ones claimed are let go). */
  private Future<Entry> claimKeys(List<String> keys, int next, Entry claim) {
    if (next == keys.size()) {
      return Future.succeededFuture(null);
    }
    return names.apply(keys.get(next), new Claim(claim)).compose(holder -> {
      if (holder == null) {
        return claimKeys(keys, next + 1, claim);
      }
      Future<Void> released = Future.succeededFuture();
      for (int i = 0; i < next; i++) {
        String key = keys.get(i);
        released = released.compose(v -> names.apply(key, new Release(claim.user().session())).mapEmpty());
      }
      return released.map(holder);
    });
  }

  private Future<User> assignId(String name, String session, String node, long joinedAt, int attempt) {
    if (attempt >= MAX_ID_ATTEMPTS) {
      return Future.failedFuture(Failure.INTERNAL.exception("no free client id"));
    }
    int bound = attempt < SHORT_ID_ATTEMPTS ? 100_000 : Integer.MAX_VALUE;
    User user = new User(ThreadLocalRandom.current().nextLong(1_000, bound), name, session, node, joinedAt);
    return ids.apply(String.valueOf(user.id()), new Claim(new Entry(user))).compose(holder -> holder == null
        ? Future.succeededFuture(user)
        : assignId(name, session, node, joinedAt, attempt + 1));
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
    return ids.get(String.valueOf(id)).compose(entry -> entry == null
        ? Future.failedFuture(Failure.NOT_FOUND.exception("No user with id " + id + " is connected."))
        : Future.succeededFuture(entry.user()));
  }

  /** Everyone online, oldest session first. */
  Future<List<User>> list() {
    return ids.values().map(values -> values.stream()
        .map(Entry::user)
        .sorted(Comparator.comparingLong(User::joinedAt).thenComparingLong(User::id))
        .toList());
  }

  /**
   * Removes the user if {@code session} still holds the id. Yields the user when this call
   * removed it, null when it was gone already, so exactly one caller announces each departure.
   */
  Future<User> remove(long id, String session) {
    Objects.requireNonNull(session, "session");
    return ids.apply(String.valueOf(id), new Release(session)).compose(removed -> removed == null
        ? Future.succeededFuture(null)
        : releaseName(removed.user().name(), session).map(removed.user()));
  }

  /** Frees the name's keys that {@code session} still holds. */
  private Future<Void> releaseName(String name, String session) {
    return Future.all(NameKeys.of(name).stream().map(key -> names.apply(key, new Release(session))).toList()).mapEmpty();
  }

  /**
   * Removes every user and name claim held by a gateway node that is not {@code live}; yields
   * the users this call removed.
   */
  Future<List<User>> removeOutside(Predicate<String> live) {
    Future<List<User>> users = ids.values().compose(values -> {
      List<Future<User>> removals = values.stream()
          .map(Entry::user)
          .filter(u -> !live.test(u.node()))
          .map(u -> remove(u.id(), u.session()))
          .toList();
      return Future.all(removals).map(all -> removals.stream()
          .map(Future::result)
          .filter(Objects::nonNull)
          .toList());
    });
    Future<Void> claims = names.values().compose(values -> Future.all(values.stream()
        .map(Entry::user)
        .filter(u -> !live.test(u.node()))
        .map(u -> releaseName(u.name(), u.session()))
        .toList()).mapEmpty());
    return users.compose(removed -> claims.map(removed));
  }
}
