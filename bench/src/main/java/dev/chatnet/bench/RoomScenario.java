package dev.chatnet.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Room fan-out (menu options 4 and 5): members in one room, the first few of whom say numbered
 * lines, as fast as the server takes them or at an offered rate. Measures deliveries a second,
 * end-to-end latency (each line carries its send time) and the server's CPU per delivery, and
 * checks that every member got every other sender's lines once each and in order.
 */
@Command(name = "room",
    description = "members in one room, senders say numbered lines; deliveries/s, latency, server CPU; checks none lost, doubled or reordered")
public final class RoomScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(RoomScenario.class);
  private static final int CONNECT_CONCURRENCY = 200;
  /** Joins in flight at once: they all change the one room entry. */
  private static final int JOIN_CONCURRENCY = 8;
  private static final long PROGRESS_MILLIS = 20;

  @Mixin
  private CommonOptions common;

  @Option(names = "--members", defaultValue = "100", paramLabel = "<n>", description = "clients in the room, the owner included")
  @Range(min = 2, max = 100_000)
  private int members;

  @Option(names = "--senders", defaultValue = "10", paramLabel = "<n>", description = "members who say lines (the first ones, the owner first)")
  @Range(min = 1, max = 100_000)
  private int senders;

  @Option(names = "--messages", defaultValue = "1000", paramLabel = "<n>", description = "lines each sender says in the measured phase")
  @Range(min = 1, max = 10_000_000)
  private int messages;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "<n>",
      description = "lines a second offered by all senders together; 0: each says its next line once the last is taken")
  @Range(min = 0, max = 10_000_000)
  private int rate;

  @Option(names = "--pipeline", defaultValue = "8", paramLabel = "<n>",
      description = "lines a sender may have unanswered (the gateway answers them in order); 1: each waits for the last one's answer."
          + " A line the flood limit refuses is said again after those sent since: raise the server's --rate and --burst")
  @Range(min = 1, max = WireConnection.MAX_IN_FLIGHT)
  private int pipeline;

  @Option(names = "--warmup", defaultValue = "200", paramLabel = "<n>",
      description = "lines each sender says first, unpaced and not measured, to warm up both sides")
  @Range(min = 0, max = 10_000_000)
  private int warmup;

  @Option(names = "--settle", defaultValue = "10", paramLabel = "<n>", description = "seconds to wait for the last deliveries once every line is taken")
  @Range(min = 1, max = 600)
  private int settle;

  @Option(names = "--server-pids", defaultValue = "", paramLabel = "<text>", showDefaultValue = Visibility.NEVER,
      description = "the server's process ids, comma-separated, to read their CPU time (/proc); empty: do not")
  private String serverPids;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Report run(Bench bench) {
    int sending = Math.min(senders, members);
    log.info("room: {} members, {} senders x {} lines{} at {}:{}", members, sending, messages,
        rate > 0 ? " at " + rate + "/s" : ", unpaced", bench.host(), bench.port());
    List<ServerProbe> probes;
    try {
      probes = ServerProbe.of(serverPids);
    } catch (NumberFormatException e) {
      return CpuWatch.refused(name(), serverPids);
    }

    Connector connector = new Connector(bench, i -> bench.userName(Integer.toString(i)), members, CONNECT_CONCURRENCY);
    boolean connected = bench.awaitUntilDeadline(connector.start()) && connector.connected() == members;
    Run run = new Run(this, bench, connector, sending);
    boolean passed = false;
    if (connected && run.enter()) {
      passed = run.traffic(probes);
    }
    bench.awaitCleanUp(connector.closeAll());
    Report.Builder report = run.report();
    if (!probes.isEmpty()) {
      report.figure("serverJvmFlags", new JsonArray(probes.stream().map(p -> new JsonArray(p.jvmFlags())).toList()));
    }
    return report.build(passed && connected && run.clean());
  }

  /** One run: the room, its members' tallies, the senders, and what was measured. */
  private static final class Run {

    private final RoomScenario room;
    private final Bench bench;
    private final Connector connector;
    private final int members;
    private final int senders;
    private final int messages;
    private final int warmup;
    private final String roomId;
    private final long origin = System.nanoTime();
    private final Recorder latencies = new Recorder(3);
    private final Latencies sayLatency = new Latencies();
    private final List<RoomTally> tallies = new ArrayList<>();
    private final Map<String, Integer> errors = new TreeMap<>();
    private String failure;
    private long started;
    private long sendsDone;
    private Long cpuNanos;
    private Histogram measured;
    private boolean settled;

    Run(RoomScenario room, Bench bench, Connector connector, int senders) {
      this.room = room;
      this.bench = bench;
      this.connector = connector;
      this.members = room.members;
      this.senders = senders;
      this.messages = room.messages;
      this.warmup = room.warmup;
      this.roomId = "b" + bench.runId();
    }

    /** The first member creates the room, the rest join it; false when not all got in. */
    boolean enter() {
      for (int i = 0; i < members; i++) {
        tallies.add(new RoomTally(senders, i < senders ? i : -1, latencies, origin));
      }
      Future<Reply> created = connector.connection(0).enterRoom("4", roomId, tallies.get(0)::onLine);
      if (!bench.awaitUntilDeadline(created) || !entered(created)) {
        return false;
      }
      Promise<Void> joined = Promise.promise();
      Joiner joiner = new Joiner(joined);
      for (int i = 0; i < JOIN_CONCURRENCY; i++) {
        joiner.next();
      }
      return bench.awaitUntilDeadline(joined.future()) && joined.future().succeeded();
    }

    private boolean entered(AsyncResult<Reply> entry) {
      if (entry.failed() || entry.result().isError()) {
        failure = "could not enter the room: " + (entry.failed() ? entry.cause().getMessage() : entry.result().message());
        return false;
      }
      return true;
    }

    /** Joins the members 1 to N-1, a few at a time. */
    private final class Joiner {
      private final Promise<Void> done;
      private int next = 1;
      private int finished = 1;

      Joiner(Promise<Void> done) {
        this.done = done;
        if (members == 1) {
          done.complete();
        }
      }

      synchronized void next() {
        if (next >= members || done.future().isComplete()) {
          return;
        }
        int i = next++;
        connector.connection(i).enterRoom("5", roomId, tallies.get(i)::onLine).onComplete(entry -> {
          if (!entered(entry)) {
            done.tryFail(failure);
            return;
          }
          synchronized (this) {
            if (++finished == members) {
              done.tryComplete();
            }
          }
          next();
        });
      }
    }

    /** Warm-up, then the measured phase; true when both ran to the end. */
    boolean traffic(List<ServerProbe> probes) {
      if (warmup > 0) {
        log.info("room: warm-up, {} lines per sender", warmup);
        if (!phase(RoomTally.WARMUP, warmup, 0) || !arrived(() -> sum(RoomTally::warmupReceived), expected(warmup))) {
          failure = failure == null ? "the warm-up lines did not all arrive" : failure;
          return false;
        }
        latencies.getIntervalHistogram(); // forget the warm-up
      }
      Long cpuBefore = ServerProbe.cpuNanos(probes);
      started = System.nanoTime();
      boolean sent = phase(RoomTally.MEASURED, messages, room.rate);
      sendsDone = System.nanoTime();
      settled = sent && arrived(() -> sum(RoomTally::received), expected(messages));
      Long cpuAfter = ServerProbe.cpuNanos(probes);
      cpuNanos = cpuBefore == null || cpuAfter == null ? null : cpuAfter - cpuBefore;
      measured = latencies.getIntervalHistogram();
      return sent && settled;
    }

    private long expected(long perSender) {
      return tallies.stream().mapToLong(t -> t.expected(perSender)).sum();
    }

    private long sum(ToLongFunction<RoomTally> figure) {
      return tallies.stream().mapToLong(figure).sum();
    }

    /** Every sender says {@code count} lines; completes when all were taken. */
    private boolean phase(char phase, int count, int rate) {
      long interval = rate == 0 ? 0 : TimeUnit.SECONDS.toNanos(1) * senders / rate;
      long start = System.nanoTime() - origin;
      List<Future<Void>> all = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        long offset = interval * s / senders; // spread the senders over one interval
        all.add(new Sender(phase, s, count, start + offset, interval).start());
      }
      Future<Void> done = Future.all(all).mapEmpty();
      boolean inTime = bench.awaitUntilDeadline(done);
      if (inTime && done.failed()) {
        failure = done.cause().getMessage();
      }
      return inTime && done.succeeded();
    }

    /** Waits until {@code count} reaches {@code target}, at most --settle seconds. */
    private boolean arrived(LongSupplier count, long target) {
      Promise<Void> all = Promise.promise();
      long timer = bench.vertx().setPeriodic(PROGRESS_MILLIS, id -> {
        if (count.getAsLong() >= target) {
          all.tryComplete();
        }
      });
      long settle = TimeUnit.SECONDS.toNanos(room.settle);
      long quietSince = System.nanoTime();
      long last = -1;
      try {
        while (!all.future().isComplete()) {
          long now = count.getAsLong();
          if (now != last) {
            last = now;
            quietSince = System.nanoTime();
          } else if (System.nanoTime() - quietSince > settle) {
            log.warn("room: no line arrived for {} s; {} of {} arrived", room.settle, now, target);
            return false;
          }
          if (!bench.awaitUntilDeadline(Future.any(all.future(), bench.vertx().timer(1, TimeUnit.SECONDS)))) {
            return false;
          }
        }
        return true;
      } finally {
        bench.vertx().cancelTimer(timer);
      }
    }

    /**
     * One sender: says its lines in order, each at its time (paced) or at once (unpaced), with
     * at most --pipeline of them unanswered.
     */
    private final class Sender {
      private final char phase;
      private final int index;
      private final int count;
      private final long start;
      private final long interval;
      private final WireConnection connection;
      private final Promise<Void> done = Promise.promise();
      /** Lines sent, and lines the server took. */
      private int sent;
      private int taken;
      private boolean waiting;

      Sender(char phase, int index, int count, long start, long interval) {
        this.phase = phase;
        this.index = index;
        this.count = count;
        this.start = start;
        this.interval = interval;
        this.connection = connector.connection(index);
      }

      Future<Void> start() {
        // On the connection's event loop, where the answers call next(): the counts are not shared between threads.
        connection.onContext(this::next);
        return done.future();
      }

      private void next() {
        if (taken == count) {
          done.tryComplete();
          return;
        }
        if (bench.deadlinePassed()) {
          done.tryFail("stopped at the deadline");
          return;
        }
        while (!waiting && sent < count && sent - taken < room.pipeline) {
          long due = start + interval * sent;
          long wait = due - (System.nanoTime() - origin);
          if (interval > 0 && wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
            waiting = true;
            bench.vertx().setTimer(TimeUnit.NANOSECONDS.toMillis(wait), id -> {
              waiting = false;
              next();
            });
            return;
          }
          // Unpaced, or late: the line's time is when it should have gone, so waiting counts.
          say(sent++, interval > 0 ? due : System.nanoTime() - origin);
        }
      }

      private void say(int n, long sendTime) {
        long begin = System.nanoTime();
        connection.say(RoomTally.text(phase, index, n, sendTime)).onComplete(answer -> {
          if (answer.failed()) {
            done.tryFail("sender " + index + ": " + answer.cause().getMessage());
            return;
          }
          Reply reply = answer.result();
          if (reply.rateLimited()) {
            // Said again after the lines sent since: with --pipeline above 1 the check sees it out of order.
            error("rate-limited (said again)");
            say(n, sendTime);
            return;
          }
          if (reply.isError()) {
            error(reply.code());
            done.tryFail("sender " + index + " was refused: " + reply.code() + " " + reply.message());
            return;
          }
          if (phase == RoomTally.MEASURED) {
            sayLatency.add(System.nanoTime() - begin);
          }
          taken++;
          next();
        });
      }
    }

    private synchronized void error(String code) {
      errors.merge(code, 1, Integer::sum);
    }

    /** Every member got every other sender's lines once, in order, and none of its own. */
    boolean clean() {
      long expected = expected(messages);
      return sum(RoomTally::received) == expected && sum(RoomTally::duplicated) == 0
          && tallies.stream().mapToLong(t -> t.missing(messages)).sum() == 0
          && tallies.stream().noneMatch(RoomTally::gotOwnLine);
    }

    Report.Builder report() {
      long expected = expected(messages);
      long received = sum(RoomTally::received);
      long duplicated = sum(RoomTally::duplicated);
      long missing = tallies.stream().mapToLong(t -> t.missing(messages)).sum();
      long ownLines = tallies.stream().filter(RoomTally::gotOwnLine).count();
      long lastArrival = tallies.stream().mapToLong(RoomTally::lastArrival).max().orElse(0);
      double seconds = started > 0 && lastArrival > started ? (lastArrival - started) / 1e9 : 0;
      double perSecond = seconds > 0 ? received / seconds : 0;
      double offered = started > 0 && sendsDone > started ? (double) senders * messages / ((sendsDone - started) / 1e9) : 0;
      boolean clean = clean();
      Report.Builder report = Report.builder("room")
          .row("members in the room", (tallies.isEmpty() ? 0 : members) + " (" + connector.connected() + " logged in), " + senders + " sending")
          .row("lines said", senders + " x " + messages + (room.rate > 0
              ? " at " + room.rate + "/s offered" : ", unpaced") + String.format(", up to %d unanswered (%.0f lines/s taken)", room.pipeline, offered))
          .row("deliveries", received + " of " + expected)
          .row("deliveries/s", String.format("%.0f", perSecond))
          .row("end-to-end latency", shown(measured))
          .row("say answered in", sayLatency.summary().shown())
          .row("check", (clean ? "PASS" : "FAIL") + ": " + missing + " missing, " + duplicated + " doubled or out of order, "
              + ownLines + " members got their own lines")
          .figure("members", members)
          .figure("senders", senders)
          .figure("messagesPerSender", messages)
          .figure("pipeline", room.pipeline)
          .figure("offeredRate", room.rate)
          .figure("linesPerSecondTaken", Math.round(offered))
          .figure("deliveriesExpected", expected)
          .figure("deliveries", received)
          .figure("deliveriesPerSecond", Math.round(perSecond))
          .figure("missing", missing)
          .figure("duplicatedOrReordered", duplicated)
          .figure("ownLinesEchoed", ownLines)
          .figure("latency", latencyJson(measured))
          .figure("sayLatency", sayLatency.summary().toJson())
          .figure("errors", new JsonObject(new TreeMap<String, Object>(errors)))
          .figure("timedOut", bench.deadlinePassed());
      if (cpuNanos != null) {
        double perMillion = received == 0 ? 0 : cpuNanos / 1e9 / received * 1_000_000;
        report.row("server CPU", String.format("%.2f s in all, %.3f s per 1,000,000 deliveries (%.3f ms per 1,000)",
                cpuNanos / 1e9, perMillion, perMillion))
            .figure("serverCpuSeconds", Math.round(cpuNanos / 1e6) / 1000.0)
            .figure("serverCpuSecondsPerMillionDeliveries", Math.round(perMillion * 1000) / 1000.0);
      }
      connector.failures().forEach((reason, n) -> report.note(n + " connection(s) failed: " + reason));
      if (failure != null) {
        report.note(failure);
      }
      if (errors.containsKey("rate-limited (said again)")) {
        report.note("the server rate-limited lines (they were said again): start it with --rate 100000 --burst 100000 for load runs");
      }
      if (!settled && failure == null && started > 0) {
        report.note("not every line arrived within --settle " + room.settle + " s of the last being taken");
      }
      return report;
    }

    private static String shown(Histogram h) {
      if (h == null || h.getTotalCount() == 0) {
        return "n/a";
      }
      return String.format("p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms",
          h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
          h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static JsonObject latencyJson(Histogram h) {
      JsonObject json = new JsonObject().put("count", h == null ? 0 : h.getTotalCount());
      if (h != null && h.getTotalCount() > 0) {
        json.put("p50Ms", h.getValueAtPercentile(50) / 1000.0)
            .put("p99Ms", h.getValueAtPercentile(99) / 1000.0)
            .put("p999Ms", h.getValueAtPercentile(99.9) / 1000.0)
            .put("maxMs", h.getMaxValue() / 1000.0);
      }
      return json;
    }
  }
}
