package dev.chatnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PacerTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** The gateway's own bucket, as it counts frames on arrival (millisecond clock). */
  private static final class ServerBucket {
    private final double perMilli;
    private final int burst;
    private double tokens;
    private long last;

    ServerBucket(int rate, int burst) {
      this.perMilli = rate / 1000.0;
      this.burst = burst;
      this.tokens = burst;
    }

    boolean take(long nowMillis) {
      tokens = Math.min(burst, tokens + (nowMillis - last) * perMilli);
      last = nowMillis;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  @Test
  void aPasteSentAtItsPaceIsNeverThrottledAndIsNotSlowedMuchMore() {
    Pacer pacer = new Pacer(20, 40, 0);
    ServerBucket server = new ServerBucket(20, 40);
    long now = 0;
    for (int i = 0; i < 300; i++) {
      now += pacer.reserve(now);
      assertThat(server.take(now / MS)).as("frame %d at %d ms", i, now / MS).isTrue();
    }
    // The server would take 300 frames in (300 - 40) / 20 = 13 s; the pacer's margins cost about a tenth.
    assertThat(now / MS).isBetween(13_000L, 15_500L);
  }

  @Test
  void framesWithinTheBurstGoAtOnceAndQuietTimeEarnsTurnsBack() {
    Pacer pacer = new Pacer(20, 40, 0);
    for (int i = 0; i < 38; i++) {
      assertThat(pacer.reserve(0)).isZero();
    }
    assertThat(pacer.reserve(0)).isPositive();
    // Ten seconds later the bucket is full again.
    long later = TimeUnit.SECONDS.toNanos(10);
    for (int i = 0; i < 38; i++) {
      assertThat(pacer.reserve(later)).isZero();
    }
  }

  @Test
  void aTinyLimitStillLetsFramesThrough() {
    Pacer pacer = new Pacer(1, 1, 0);
    ServerBucket server = new ServerBucket(1, 1);
    long now = 0;
    for (int i = 0; i < 5; i++) {
      now += pacer.reserve(now);
      assertThat(server.take(now / MS)).as("frame %d", i).isTrue();
    }
  }
}
