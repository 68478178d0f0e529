package dev.chatnet.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@code count} logged-in connections with at most {@code concurrency} handshakes in
 * flight, timing each from the start of its TCP connect to its menu. Each finished handshake
 * starts the next, on the same event loop.
 */
public final class Connector {

  private static final Logger log = LoggerFactory.getLogger(Connector.class);
  /** Failure reasons kept verbatim; past this many distinct ones they are lumped together. */
  private static final int MAX_REASONS = 10;

  private final Bench bench;
  private final IntFunction<String> names;
  private final int count;
  private final int concurrency;
  private final WireConnection[] connections;
  private final Latencies handshakes = new Latencies();
  private final Map<String, Integer> failures = new TreeMap<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicLong lastDone = new AtomicLong();
  private final Promise<Void> allDone = Promise.promise();
  private long started;
  private boolean stopped;

  public Connector(Bench bench, IntFunction<String> names, int count, int concurrency) {
    this.bench = bench;
    this.names = names;
    this.count = count;
    this.concurrency = Math.max(1, Math.min(concurrency, count));
    this.connections = new WireConnection[count];
  }

  /** Starts connecting; completes when every connection has logged in or failed. */
  public Future<Void> start() {
    started = System.nanoTime();
    lastDone.set(started);
    for (int i = 0; i < concurrency; i++) {
      launchNext();
    }
    return allDone.future();
  }

  private void launchNext() {
    int i = next.getAndIncrement();
    if (i >= count || isStopped()) {
      return;
    }
    long begin = System.nanoTime();
    WireConnection.open(bench, names.apply(i)).onComplete(result -> {
      long end = System.nanoTime();
      lastDone.accumulateAndGet(end, Math::max);
      if (result.succeeded()) {
        handshakes.add(end - begin);
        connected.incrementAndGet();
        keep(i, result.result());
      } else {
        fail(result.cause());
      }
      if (finished.incrementAndGet() == count) {
        allDone.tryComplete();
      }
      launchNext();
    });
  }

  private synchronized void keep(int i, WireConnection connection) {
    if (stopped) {
      connection.close(); // too late: the run is over
    } else {
      connections[i] = connection;
    }
  }

  private synchronized void fail(Throwable cause) {
    String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (!failures.containsKey(reason) && failures.size() >= MAX_REASONS) {
      reason = "other reasons";
    }
    if (failures.merge(reason, 1, Integer::sum) == 1) {
      log.warn("A connection failed: {}", reason);
    }
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  /** The connection {@code i} once logged in; null if it failed or has not finished. */
  public synchronized WireConnection connection(int i) {
    return connections[i];
  }

  /** How many connections have logged in. */
  public int connected() {
    return connected.get();
  }

  public Latencies handshakes() {
    return handshakes;
  }

  /** Each failure reason and how often it happened. */
  public synchronized Map<String, Integer> failures() {
    return new TreeMap<>(failures);
  }

  public synchronized int failed() {
    return failures.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Seconds from the first connect to the last handshake that finished. */
  public double elapsedSeconds() {
    return (lastDone.get() - started) / 1e9;
  }

  /** Stops starting connections and closes every one that logged in. */
  public Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (this) {
      stopped = true;
      for (int i = 0; i < count; i++) {
        if (connections[i] != null) {
          closing.add(connections[i].close());
          connections[i] = null;
        }
      }
    }
    return Future.join(closing).mapEmpty();
  }
}
