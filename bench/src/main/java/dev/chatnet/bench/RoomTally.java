package dev.chatnet.bench;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.HdrHistogram.Recorder;

/**
 * What one room member received: for each sender, the number of its next line, so a line lost,
 * said twice or out of order shows; and how long each line took from its send time. Lines read
 * {@code <name>> <phase> <sender> <n> <sendNanos>} (nanoseconds since {@code origin}), phase {@code w} (warm-up) or {@code m}.
 * Fed on the member's event loop; read by the scenario once traffic has stopped.
 */
final class RoomTally {

  static final char WARMUP = 'w';
  static final char MEASURED = 'm';

  private final int self;
  private final int[] nextWarmup;
  private final int[] nextMeasured;
  private final Recorder latencies;
  private final long origin;
  private long warmupReceived;
  private long received;
  private long duplicated;
  private long skipped;
  private long other;
  private long lastArrival;

  /** {@code self}: this member's sender index, or -1 when it only listens. */
  RoomTally(int senders, int self, Recorder latencies, long origin) {
    this.self = self;
    this.origin = origin;
    this.nextWarmup = new int[senders];
    this.nextMeasured = new int[senders];
    this.latencies = latencies;
  }

  synchronized void onLine(Buffer line) {
    long now = System.nanoTime();
    long[] parsed = parse(line);
    if (parsed == null) {
      other++; // joins and the like
      return;
    }
    int sender = (int) parsed[1];
    int n = (int) parsed[2];
    if (sender < 0 || sender >= nextMeasured.length) {
      other++;
      return;
    }
    if (parsed[0] == WARMUP) {
      warmupReceived++;
      nextWarmup[sender] = Math.max(nextWarmup[sender], n + 1);
      return;
    }
    lastArrival = now;
    latencies.recordValue(Math.max(0, (now - origin - parsed[3]) / 1000));
    int expected = nextMeasured[sender];
    if (n == expected) {
      received++;
      nextMeasured[sender] = n + 1;
    } else if (n < expected) {
      duplicated++; // said before, or overtaken by a later line: either way not in order
    } else {
      skipped += n - expected;
      received++;
      nextMeasured[sender] = n + 1;
    }
  }

  /** Lines from the others this member should get when each says {@code perSender}. */
  long expected(long perSender) {
    return perSender * (nextMeasured.length - (self >= 0 ? 1 : 0));
  }

  synchronized long warmupReceived() {
    return warmupReceived;
  }

  synchronized long received() {
    return received;
  }

  synchronized long duplicated() {
    return duplicated;
  }

  /** Lines jumped over: lost, or (if they come later) out of order. */
  synchronized long skipped() {
    return skipped;
  }

  /** Lines missing at the end: those never seen in order, per sender. */
  synchronized long missing(int perSender) {
    long missing = 0;
    for (int s = 0; s < nextMeasured.length; s++) {
      if (s != self) {
        missing += Math.max(0, perSender - nextMeasured[s]);
      }
    }
    return missing + skipped;
  }

  synchronized long other() {
    return other;
  }

  synchronized long lastArrival() {
    return lastArrival;
  }

  synchronized boolean gotOwnLine() {
    return self >= 0 && (nextMeasured[self] > 0 || nextWarmup[self] > 0);
  }

  @Override
  public synchronized String toString() {
    return "received " + received + ", next " + Arrays.toString(nextMeasured);
  }

  /**
   * Phase, sender, number and send time of a bench line, read straight from the bytes of the
   * event frame; null for any other line.
   */
  static long[] parse(Buffer line) {
    int length = line.length();
    int at = -1;
    for (int i = 0; i + 1 < length; i++) {
      if (line.getByte(i) == '>' && line.getByte(i + 1) == ' ') {
        at = i + 2;
        break;
      }
    }
    if (at < 0 || at + 1 >= length) {
      return null;
    }
    byte phase = line.getByte(at);
    if ((phase != WARMUP && phase != MEASURED) || line.getByte(at + 1) != ' ') {
      return null;
    }
    long[] out = new long[4];
    out[0] = phase;
    int pos = at + 2;
    for (int field = 1; field < 4; field++) {
      long value = 0;
      int start = pos;
      while (pos < length && line.getByte(pos) >= '0' && line.getByte(pos) <= '9') {
        value = value * 10 + (line.getByte(pos) - '0');
        pos++;
      }
      if (pos == start || (field < 3 && (pos >= length || line.getByte(pos) != ' '))) {
        return null;
      }
      out[field] = value;
      pos++;
    }
    return out;
  }

  /** The text a sender says: {@code <phase> <sender> <n> <sendNanos>}. */
  static String text(char phase, int sender, int n, long sendNanos) {
    return phase + " " + sender + " " + n + " " + sendNanos;
  }
}
