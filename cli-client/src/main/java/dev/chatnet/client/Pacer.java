package dev.chatnet.client;

/**
 * Keeps what the client sends within the flood limit the server announced in its greeting, so a
 * long paste is slowed down instead of cut: past the limit the server drops frames, and it
 * disconnects a client that keeps going. The same token bucket as the server's, a little
 * stricter, as frames may arrive closer together than they were sent.
 */
final class Pacer {

  private static final double RATE_SHARE = 0.9;
  private static final int BURST_MARGIN = 2;

  private final double perNano;
  private final double burst;
  private double tokens;
  private long last;

  /** {@code rate} frames a second, {@code burst} at once; both above 0. */
  Pacer(int rate, int burst, long now) {
    this.perNano = rate * RATE_SHARE / 1e9;
    this.burst = Math.max(1, burst - BURST_MARGIN);
    this.tokens = this.burst;
    this.last = now;
  }

  /** Takes the next frame's turn at {@code now} (nanoseconds); yields how long to wait before sending it. */
  long reserve(long now) {
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}
