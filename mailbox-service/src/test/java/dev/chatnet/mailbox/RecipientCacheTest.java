package dev.chatnet.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.User;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecipientCacheTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final RecipientCache cache = new RecipientCache(2, 100, now::get);

  private static User user(long id, String session) {
    return new User(id, "u" + id, session, "n", 0);
  }

  private void cache(User user) {
    cache.put(user, cache.ticket());
  }

  @Test
  void anEntryExpiresTtlAfterItsLookupHoweverOftenItIsRead() {
    User jose = user(1, "s1");
    cache(jose);
    now.addAndGet(99);
    assertThat(cache.get(1)).isEqualTo(jose);
    assertThat(cache.holds(jose)).isTrue();
    now.addAndGet(1);
    assertThat(cache.get(1)).isNull();
    assertThat(cache.holds(jose)).isFalse();
  }

  @Test
  void theLeastRecentlyUsedGoesPastTheCapacity() {
    cache(user(1, "s1"));
    cache(user(2, "s2"));
    cache.get(1);
    cache(user(3, "s3"));
    assertThat(cache.get(2)).isNull();
    assertThat(cache.get(1)).isNotNull();
    assertThat(cache.get(3)).isNotNull();
  }

  @Test
  void aDepartureForgetsTheIdWhateverTheSessionAndANewSessionIsCachedAfterIt() {
    User jose = user(1, "s1");
    cache(jose);
    cache.left(1);
    assertThat(cache.get(1)).isNull();
    cache(jose);
    // A departure carries its session; even an older session's forgets the id.
    cache.left(1);
    assertThat(cache.holds(jose)).isFalse();

    User next = user(1, "s2");
    cache(next);
    assertThat(cache.get(1)).isEqualTo(next);
    assertThat(cache.holds(jose)).isFalse();
  }

  @Test
  void aLookupInFlightDuringADepartureIsNotCached() {
    long ticket = cache.ticket();
    // Anyone's departure: the answer on its way may be older than it.
    cache.left(7);
    cache.put(user(1, "s1"), ticket);
    assertThat(cache.get(1)).isNull();

    long later = cache.ticket();
    cache.put(user(1, "s1"), later);
    assertThat(cache.get(1)).isNotNull();
  }
}
