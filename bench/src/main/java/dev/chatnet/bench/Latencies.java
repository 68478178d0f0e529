package dev.chatnet.bench;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/** Durations recorded from any thread, summarised as nearest-rank percentiles in milliseconds. */
public final class Latencies {

  private long[] nanos = new long[1024];
  private int size;

  public synchronized void add(long value) {
    if (size == nanos.length) {
      nanos = Arrays.copyOf(nanos, size * 2);
    }
    nanos[size++] = value;
  }

  public synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    return new Summary(size, millis(sorted, 0.50), millis(sorted, 0.99), size == 0 ? 0 : sorted[size - 1] / 1e6);
  }

  private static double millis(long[] sorted, double fraction) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  /** Count and percentiles, in milliseconds. */
  public record Summary(int count, double p50, double p99, double max) {

    /** For the table: {@code p50 1.23 ms, p99 4.56 ms, max 7.89 ms}. */
    public String shown() {
      return count == 0 ? "n/a" : String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms", p50, p99, max);
    }

    public JsonObject toJson() {
      return new JsonObject().put("count", count).put("p50Ms", round(p50)).put("p99Ms", round(p99)).put("maxMs", round(max));
    }

    private static double round(double ms) {
      return Math.round(ms * 1000) / 1000.0;
    }
  }
}
