package dev.chatnet.mailbox;

import dev.chatnet.protocol.bus.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The recipients the directory named lately, so that a deposit need not ask it again: id to
 * user, at most {@code capacity} of them (the least recently used go first), each kept at
 * most {@code ttl} milliseconds. An id is forgotten as soon as its departure is heard; the ttl
 * bounds how long a departure that was never heard keeps a user deliverable. Used from one
 * event loop only, hence no locks.
 */
final class RecipientCache {

  private record Entry(User user, long cachedAt) {
  }

  private final Map<Long, Entry> entries;
  private final long ttl;
  private final LongSupplier clock;
  /** Departures heard so far: a lookup that saw this number change may predate one. */
  private long departures;

  /** {@code clock} in milliseconds; any origin, it is only subtracted. */
  RecipientCache(int capacity, long ttl, LongSupplier clock) {
    this.ttl = ttl;
    this.clock = clock;
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The user cached for {@code id}, or null if none or too old. */
  User get(long id) {
    Entry entry = entries.get(id);
    if (entry == null) {
      return null;
    }
    // Counted from the lookup, not the last use: a busy recipient is still checked every ttl.
    if (clock.getAsLong() - entry.cachedAt() >= ttl) {
      entries.remove(id);
      return null;
    }
    return entry.user();
  }

  /** Whether {@code user}'s session is still the one cached for its id. */
  boolean holds(User user) {
    User cached = get(user.id());
    return cached != null && cached.session().equals(user.session());
  }

  /** Taken when a lookup starts, and handed to {@link #put} with its answer. */
  long ticket() {
    return departures;
  }

  /**
   * Caches what a lookup started at {@code ticket} found, unless a departure was heard since:
   * the answer may be older than that departure, which would then never be heard again.
   */
  void put(User user, long ticket) {
    if (ticket == departures) {
      entries.put(user.id(), new Entry(user, clock.getAsLong()));
    }
  }

  /** The user with {@code id} left, whatever its session. */
  void left(long id) {
    entries.remove(id);
    departures++;
  }
}
