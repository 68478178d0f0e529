package dev.chatnet.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dm scenario's traffic: each sender deposits its messages round-robin over the recipients,
 * one at a time or {@code pipeline} at a time, as fast as the answers come or each message at
 * its time when a rate is offered, while each recipient drains its mailbox over and over, and
 * once more after the last deposit was answered.
 */
final class DmTraffic {

  private static final Logger log = LoggerFactory.getLogger(DmTraffic.class);
  /** Wait before sending a rate-limited action again, so the server's bucket refills. */
  private static final long RATE_LIMIT_BACKOFF_MILLIS = 100;
  private static final String SENT = "Message sent!";

  private final Bench bench;
  private final Ledger ledger;
  private final List<WireConnection> senders;
  private final List<WireConnection> recipients;
  private final int messages;
  private final int pipeline;
  /** Between one sender's messages when paced; 0 unpaced. */
  private final long intervalNanos;
  private final int drainInterval;
  final Latencies depositLatency = new Latencies();
  final Latencies drainLatency = new Latencies();
  final AtomicInteger depositsSent = new AtomicInteger();
  final AtomicInteger depositsRateLimited = new AtomicInteger();
  final AtomicInteger drainsRateLimited = new AtomicInteger();
  final AtomicInteger drainedMessages = new AtomicInteger();
  private final Map<String, Integer> errors = new TreeMap<>();
  private final List<String> lostConnections = new ArrayList<>();
  private volatile boolean sendersDone;
  private volatile boolean stopped;
  private long sendStart;
  private volatile long sendEnd;

  DmTraffic(Bench bench, Ledger ledger, List<WireConnection> senders, List<WireConnection> recipients, int messages, int pipeline,
            int rate, int drainInterval) {
    this.bench = bench;
    this.ledger = ledger;
    this.senders = senders;
    this.recipients = recipients;
    this.messages = messages;
    this.pipeline = pipeline;
    this.intervalNanos = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * senders.size() / rate;
    this.drainInterval = drainInterval;
  }

  /** Starts every recipient's drain loop; completes after each one's final drain. */
  Future<Void> startDrains() {
    List<Future<Void>> done = new ArrayList<>();
    for (WireConnection recipient : recipients) {
      Promise<Void> finished = Promise.promise();
      drain(recipient, finished);
      done.add(finished.future());
    }
    return Future.join(done).mapEmpty();
  }

  /** Starts every sender; completes when each has had an answer for all its messages. */
  Future<Void> startDeposits() {
    sendStart = System.nanoTime();
    List<Future<Void>> done = new ArrayList<>();
    for (int s = 0; s < senders.size(); s++) {
      // Lane l sends messages l, l + pipeline, ...: each waits for its last answer.
      for (int lane = 0; lane < Math.min(pipeline, messages); lane++) {
        Promise<Void> finished = Promise.promise();
        deposit(s, lane, finished);
        done.add(finished.future());
      }
    }
    return Future.join(done).onComplete(v -> {
      sendEnd = System.nanoTime();
      sendersDone = true;
    }).mapEmpty();
  }

  /** Sends nothing more (the deadline passed). */
  void stop() {
    stopped = true;
  }

  private void deposit(int s, int seq, Promise<Void> finished) {
    if (stopped || seq >= messages) {
      finished.complete();
      return;
    }
    if (intervalNanos > 0) {
      // Message seq of sender s is due at its place in the sender's even pace, the senders spread over one interval.
      long due = sendStart + intervalNanos * seq + intervalNanos * s / senders.size();
      long wait = due - System.nanoTime();
      if (wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
        later(TimeUnit.NANOSECONDS.toMillis(wait), () -> send(s, seq, due, finished));
      } else {
        send(s, seq, due, finished);
      }
      return;
    }
    send(s, seq, 0, finished);
  }

  /**
   * Sends message {@code seq} of sender {@code s}; when paced, its latency counts from {@code due},
   * so a send the bench made late (its answers were slow) is not measured as a fast one.
   */
  private void send(int s, int seq, long due, Promise<Void> finished) {
    if (stopped) {
      finished.complete();
      return;
    }
    WireConnection to = recipients.get((s + seq) % recipients.size());
    ledger.attempt(s, seq);
    senders.get(s).act("2", Map.of("message", ledger.text(s, seq), "recipient", Long.toString(to.clientId())))
        .onComplete(answer -> {
          if (answer.failed()) {
            lost(senders.get(s), answer.cause());
            finished.complete();
            return;
          }
          Reply reply = answer.result();
          if (reply.rateLimited()) {
            // Dropped unread, so nothing was stored: send the same message again.
            depositsRateLimited.incrementAndGet();
            later(RATE_LIMIT_BACKOFF_MILLIS, () -> deposit(s, seq, finished));
            return;
          }
          if (!reply.isError() && reply.lines().contains(SENT)) {
            ledger.settle(s, seq, Ledger.Fate.SENT);
            depositsSent.incrementAndGet();
            depositLatency.add(intervalNanos == 0 ? reply.nanos() : Math.max(reply.nanos(), System.nanoTime() - due));
          } else {
            error("deposit", reply);
            ledger.settle(s, seq, reply.isError() ? Ledger.fateOf(reply) : Ledger.Fate.UNCLEAR);
          }
          deposit(s, seq + pipeline, finished);
        });
  }

  private void drain(WireConnection recipient, Promise<Void> finished) {
    if (stopped) {
      finished.complete();
      return;
    }
    // Read before asking: a drain asked for after every deposit was answered finds them all.
    boolean last = sendersDone;
    recipient.act("3", Map.of()).onComplete(answer -> {
      if (answer.failed()) {
        lost(recipient, answer.cause());
        finished.complete();
        return;
      }
      Reply reply = answer.result();
      if (reply.rateLimited()) {
        drainsRateLimited.incrementAndGet();
        later(RATE_LIMIT_BACKOFF_MILLIS, () -> drain(recipient, finished));
        return;
      }
      if (reply.isError()) {
        error("drain", reply);
      } else {
        drainLatency.add(reply.nanos());
        drainedMessages.addAndGet(ledger.drained(reply.lines()));
      }
      if (last && !reply.isError()) {
        finished.complete();
      } else {
        later(drainInterval, () -> drain(recipient, finished));
      }
    });
  }

  private void later(long millis, Runnable action) {
    if (millis <= 0) {
      action.run();
    } else {
      bench.vertx().setTimer(millis, id -> action.run());
    }
  }

  private synchronized void error(String what, Reply reply) {
    String key = what + " " + (reply.isError() ? reply.code() : "unexpected result " + reply.lines());
    if (errors.merge(key, 1, Integer::sum) == 1) {
      log.warn("A {} was answered with {}: {}", what, reply.isError() ? reply.code() : "a result", reply.isError() ? reply.message() : reply.lines());
    }
  }

  private synchronized void lost(WireConnection connection, Throwable cause) {
    if (!stopped) {
      lostConnections.add(connection.name() + ": " + cause.getMessage());
      log.warn("{} lost its connection: {}", connection.name(), cause.getMessage());
    }
  }

  synchronized Map<String, Integer> errors() {
    return new TreeMap<>(errors);
  }

  synchronized List<String> lostConnections() {
    return List.copyOf(lostConnections);
  }

  /** Deposits answered "Message sent!" per second, over the senders' whole run. */
  double depositsPerSecond() {
    long end = sendersDone ? sendEnd : System.nanoTime();
    double seconds = (end - sendStart) / 1e9;
    return seconds > 0 ? depositsSent.get() / seconds : 0;
  }
}
