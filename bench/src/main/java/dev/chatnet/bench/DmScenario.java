package dev.chatnet.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Direct messages under load (menu options 2 and 3): deposit rate and latency, drain latency,
 * and the check that every message the server accepted comes out of a mailbox exactly once.
 */
@Command(name = "dm", description = "senders deposit direct messages round-robin to recipients, who drain them; checks exactly-once")
public final class DmScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(DmScenario.class);
  private static final int CONNECT_CONCURRENCY = 200;

  @Mixin
  private CommonOptions common;

  @Option(names = "--senders", defaultValue = "10", paramLabel = "<n>", description = "clients that send")
  @Range(min = 1, max = 10_000)
  private int senders;

  @Option(names = "--recipients", defaultValue = "10", paramLabel = "<n>", description = "clients that receive")
  @Range(min = 1, max = 10_000)
  private int recipients;

  @Option(names = "--messages", defaultValue = "1000", paramLabel = "<n>", description = "messages each sender deposits")
  @Range(min = 1, max = 1_000_000)
  private int messages;

  @Option(names = "--pipeline", defaultValue = "1", paramLabel = "<n>",
      description = "deposits each sender has unanswered at once; 1: one at a time, as the real client")
  @Range(min = 1, max = WireConnection.MAX_IN_FLIGHT)
  private int pipeline;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "<n>",
      description = "deposits a second offered by all senders together, each sender at an even pace; 0: each sends its next once the last is answered")
  @Range(min = 0, max = 10_000_000)
  private int rate;

  @Option(names = "--drain-interval", defaultValue = "20", paramLabel = "<n>", description = "milliseconds a recipient waits between drains")
  @Range(min = 0, max = 60_000)
  private int drainInterval;

  @Option(names = "--server-pids", defaultValue = "", paramLabel = "<text>", showDefaultValue = Visibility.NEVER,
      description = "the server's process ids, comma-separated, to read their CPU time per deposit (/proc); empty: do not")
  private String serverPids;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Report run(Bench bench) {
    log.info("dm: {} senders x {} messages ({} in flight each{}) to {} recipients at {}:{}", senders, messages, pipeline,
        rate > 0 ? ", " + rate + "/s in all" : "", recipients, bench.host(), bench.port());
    log.info("dm: the gateway limits each connection to --rate frames a second (default 20, bursts of --burst 40); "
        + "for load, start the server with --rate 100000 --burst 100000, or this measures the limiter");

    if ((long) senders * messages > Ledger.MAX_MESSAGES) {
      return Report.builder(name())
          .note("--senders times --messages may be at most " + Ledger.MAX_MESSAGES + ": each message is tracked for the exactly-once check")
          .build(false);
    }
    CpuWatch watch;
    try {
      watch = CpuWatch.of(serverPids);
    } catch (NumberFormatException e) {
      return CpuWatch.refused(name(), serverPids);
    }

    Connector connector = new Connector(bench,
        i -> i < recipients ? bench.userName("r" + i) : bench.userName("s" + (i - recipients)),
        recipients + senders, CONNECT_CONCURRENCY);
    boolean ready = bench.awaitUntilDeadline(connector.start()) && connector.connected() == recipients + senders;
    Ledger ledger = new Ledger(bench.runId(), senders, messages);
    DmTraffic traffic = null;
    boolean finished = false;
    CpuWatch.Used cpu = null;
    if (ready) {
      traffic = new DmTraffic(bench, ledger, connections(connector, recipients, senders), connections(connector, 0, recipients),
          messages, pipeline, rate, drainInterval);
      watch.start();
      var drains = traffic.startDrains();
      var deposits = traffic.startDeposits();
      boolean deposited = bench.awaitUntilDeadline(deposits);
      cpu = watch.stop();
      finished = deposited && bench.awaitUntilDeadline(drains);
      traffic.stop();
    }
    bench.awaitCleanUp(connector.closeAll());
    return new DmSummary(this, bench, connector, traffic, ledger, cpu, finished).report();
  }

  private static List<WireConnection> connections(Connector connector, int from, int count) {
    List<WireConnection> list = new ArrayList<>(count);
    for (int i = from; i < from + count; i++) {
      list.add(connector.connection(i));
    }
    return list;
  }

  /** Sums a dm run up as a report. */
  private record DmSummary(DmScenario dm, Bench bench, Connector connector, DmTraffic traffic, Ledger ledger, CpuWatch.Used cpu, boolean finished) {

    Report report() {
      int clients = dm.senders + dm.recipients;
      int planned = dm.senders * dm.messages;
      Ledger.Check check = ledger.check();
      Report.Builder report = Report.builder("dm")
          .row("clients logged in", connector.connected() + " of " + clients)
          .figure("clientsConnected", connector.connected())
          .row("deposits in flight per sender", dm.pipeline == 1 ? "1 (one at a time)" : dm.pipeline + " (pipelined)")
          .figure("pipeline", dm.pipeline)
          .row("deposits offered", dm.rate > 0 ? dm.rate + "/s over all senders" : "unpaced")
          .figure("offeredRate", dm.rate)
          .figure("timedOut", bench.deadlinePassed());
      connector.failures().forEach((reason, n) -> report.note(n + " connection(s) failed: " + reason));
      List<String> lost = traffic == null ? List.of() : traffic.lostConnections();
      if (traffic != null) {
        traffic(report, planned);
      }
      report.row("exactly-once check", (check.passed() ? "PASS" : "FAIL") + String.format(
              ": %d sent, %d drained once, %d missing, %d twice or more, %d unknown, %d drained though refused",
              check.sent(), check.drainedOnce(), check.missing(), check.duplicated(), check.unknown(), check.drainedThoughRefused()))
          .figure("exactlyOnce", JsonObject.mapFrom(check).put("passed", check.passed()));
      ledger.unknownSamples().forEach(line -> report.note("drained a line that is no message of this run: " + line));
      if (check.drainedUnclear() > 0) {
        report.note(check.drainedUnclear() + " message(s) whose deposit got no clear answer were drained (allowed once)");
      }
      lost.forEach(reason -> report.note("lost connection: " + reason));
      if (bench.deadlinePassed()) {
        report.note("stopped at the --timeout of " + bench.timeoutSeconds() + " s; messages still in mailboxes count as missing");
      }
      boolean passed = finished && check.passed() && lost.isEmpty() && connector.connected() == clients;
      return report.build(passed);
    }

    private void traffic(Report.Builder report, int planned) {
      Latencies.Summary deposits = traffic.depositLatency.summary();
      Latencies.Summary drains = traffic.drainLatency.summary();
      Map<String, Integer> errors = traffic.errors();
      int rateLimited = traffic.depositsRateLimited.get() + traffic.drainsRateLimited.get();
      report.row("deposits sent", traffic.depositsSent.get() + " of " + planned)
          .row("deposits/s", String.format("%.1f", traffic.depositsPerSecond()))
          .row("deposit latency", deposits.shown())
          .row("drains", drains.count() + ", " + traffic.drainedMessages.get() + " messages")
          .row("drain latency", drains.shown())
          .row("rate-limited (dropped, resent)", traffic.depositsRateLimited.get() + " deposits, " + traffic.drainsRateLimited.get() + " drains")
          .row("errors", errors.isEmpty() ? "none" : errors.toString())
          .figure("depositsPlanned", planned)
          .figure("depositsSent", traffic.depositsSent.get())
          .figure("depositsPerSecond", Math.round(traffic.depositsPerSecond() * 10) / 10.0)
          .figure("depositLatency", deposits.toJson())
          .figure("drainLatency", drains.toJson())
          .figure("drainedMessages", traffic.drainedMessages.get())
          .figure("rateLimitedDeposits", traffic.depositsRateLimited.get())
          .figure("rateLimitedDrains", traffic.drainsRateLimited.get())
          .figure("errors", new JsonObject(new TreeMap<String, Object>(errors)));
      int sent = traffic.depositsSent.get();
      if (cpu != null) {
        cpu.report(report, sent, "deposit");
      }
      if (rateLimited > 0) {
        report.note("the server rate-limited " + rateLimited + " actions (they were dropped and sent again, never counted as delivered): "
            + "start it with --rate 100000 --burst 100000 for load runs");
      }
    }
  }
}
