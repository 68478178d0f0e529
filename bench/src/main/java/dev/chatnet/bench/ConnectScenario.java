package dev.chatnet.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;

/**
 * Many users log in and stay: how fast the server registers them, how long a handshake takes,
 * and (given the server's pid) how much memory each connected user costs it.
 */
@Command(name = "connect", description = "N clients connect and log in (hello, login, ready, ack, menu) and stay connected")
public final class ConnectScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(ConnectScenario.class);

  @Mixin
  private CommonOptions common;

  @Option(names = "--clients", defaultValue = "1000", paramLabel = "<n>", description = "clients to connect")
  @Range(min = 1, max = 100_000)
  private int clients;

  @Option(names = "--concurrency", defaultValue = "200", paramLabel = "<n>", description = "handshakes in flight at once")
  @Range(min = 1, max = 10_000)
  private int concurrency;

  @Option(names = "--hold", defaultValue = "0", paramLabel = "<n>", description = "seconds to keep the clients connected after measuring")
  @Range(min = 0, max = 3600)
  private int hold;

  @Option(names = "--server-pid", defaultValue = "0", paramLabel = "<n>",
      description = "the server's pid, to read its RSS and heap (jcmd); 0: do not")
  @Range(min = 0, max = Integer.MAX_VALUE)
  private int serverPid;

  @Option(names = "--server-pids", defaultValue = "", paramLabel = "<text>", showDefaultValue = Visibility.NEVER,
      description = "the server's processes (comma-separated pids; every process of a cluster), to report their CPU per handshake")
  private String serverPids;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Report run(Bench bench) {
    CpuWatch watch;
    try {
      watch = CpuWatch.of(serverPids);
    } catch (NumberFormatException e) {
      return CpuWatch.refused(name(), serverPids);
    }
    ServerProbe probe = serverPid > 0 ? new ServerProbe(serverPid) : null;
    ServerProbe.Reading before = probe == null ? null : probe.read();

    log.info("connect: {} clients to {}:{}, {} handshakes in flight", clients, bench.host(), bench.port(), concurrency);
    Connector connector = new Connector(bench, i -> bench.userName(Integer.toString(i)), clients, concurrency);
    // The bench's own CPU too: on a shared machine the handshakes' pace may be its, not the server's.
    watch.start();
    boolean allDone = bench.awaitUntilDeadline(connector.start());
    CpuWatch.Used cpu = watch.stop();
    ServerProbe.Reading after = probe != null && allDone ? probe.read() : null;
    boolean held = allDone && bench.pause(hold);
    bench.awaitCleanUp(connector.closeAll());

    boolean passed = allDone && held && connector.connected() == clients;
    return summarise(bench, connector, before, after, cpu).build(passed);
  }

  private Report.Builder summarise(Bench bench, Connector connector, ServerProbe.Reading before, ServerProbe.Reading after,
                                   CpuWatch.Used cpu) {
    int connected = connector.connected();
    Latencies.Summary handshakes = connector.handshakes().summary();
    double rate = connector.elapsedSeconds() > 0 ? connected / connector.elapsedSeconds() : 0;
    Map<String, Integer> failures = connector.failures();
    Report.Builder report = Report.builder(name())
        .row("handshakes done", connected + " of " + clients + (failures.isEmpty() ? "" : ", " + connector.failed() + " failed"))
        .row("registrations/s", String.format("%.1f", rate))
        .row("handshake time", handshakes.shown())
        .figure("clients", clients)
        .figure("connected", connected)
        .figure("failed", connector.failed())
        .figure("failures", new JsonObject(new TreeMap<String, Object>(failures)))
        .figure("registrationsPerSecond", Math.round(rate * 10) / 10.0)
        .figure("handshake", handshakes.toJson())
        .figure("timedOut", bench.deadlinePassed());
    cpu.report(report, connected, "handshake");
    failures.forEach((reason, n) -> report.note(n + " connection(s) failed: " + reason));
    if (bench.deadlinePassed()) {
      report.note("stopped at the --timeout of " + bench.timeoutSeconds() + " s");
    }
    if (before != null) {
      memory(report, before, after, connected);
    }
    if (serverPid > 0) {
      report.figure("serverJvmFlags", new JsonArray(new ServerProbe(serverPid).jvmFlags()));
    }
    return report;
  }

  private static void memory(Report.Builder report, ServerProbe.Reading before, ServerProbe.Reading after, int connected) {
    Long rssBefore = before.rssBytes();
    Long rssAfter = after == null ? null : after.rssBytes();
    Long heapBefore = before.heapUsedBytes();
    Long heapAfter = after == null ? null : after.heapUsedBytes();
    report.row("server RSS before/after", mib(rssBefore) + " / " + mib(rssAfter))
        .row("server heap used before/after", mib(heapBefore) + " / " + mib(heapAfter))
        .row("RSS per client", perClient(rssBefore, rssAfter, connected))
        .row("heap per client", perClient(heapBefore, heapAfter, connected))
        .figure("serverRssBeforeBytes", rssBefore)
        .figure("serverRssAfterBytes", rssAfter)
        .figure("serverHeapUsedBeforeBytes", heapBefore)
        .figure("serverHeapUsedAfterBytes", heapAfter)
        .figure("rssPerClientBytes", perClientBytes(rssBefore, rssAfter, connected))
        .figure("heapPerClientBytes", perClientBytes(heapBefore, heapAfter, connected));
  }

  private static Long perClientBytes(Long before, Long after, int connected) {
    return before == null || after == null || connected == 0 ? null : (after - before) / connected;
  }

  private static String perClient(Long before, Long after, int connected) {
    Long bytes = perClientBytes(before, after, connected);
    return bytes == null ? "n/a" : String.format("%.1f KiB", bytes / 1024.0);
  }

  private static String mib(Long bytes) {
    return bytes == null ? "n/a" : String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
  }
}
