package dev.chatnet.gateway;

/**
 * A token bucket per connection: {@code rate} frames a second with bursts up to {@code burst}.
 * Past it frames are dropped (THROTTLE); a client that keeps going after {@code burst} drops
 * is cut off (DISCONNECT). Quiet time earns the strikes back.
 */
final class RateLimiter {

  enum Verdict { ALLOW, THROTTLE, DISCONNECT }

  private final double perMilli;
  private final int burst;
  private double tokens;
  private long last;
  private int strikes;

  RateLimiter(int rate, int burst, long now) {
    this.perMilli = rate / 1000.0;
    this.burst = burst;
    this.tokens = burst;
    this.last = now;
  }

  Verdict take(long now) {
    tokens = Math.min(burst, tokens + (now - last) * perMilli);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      if (strikes > 0 && tokens >= 1) {
        strikes--;
      }
      return Verdict.ALLOW;
    }
    return ++strikes > burst ? Verdict.DISCONNECT : Verdict.THROTTLE;
  }
}
