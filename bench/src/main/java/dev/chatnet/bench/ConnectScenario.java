package dev.chatnet.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many users log in and stay: how fast the server registers them, how long a handshake takes,
 * and (given the server's pid) how much memory each connected user costs it.
 */
public final class ConnectScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(ConnectScenario.class);

  @Override
  public String name() {
    return "connect";
  }

  @Override
  public String summary() {
    return "N clients connect and log in (hello, login, ready, ack, menu) and stay connected";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.number("clients", 1000, 1, 100_000, "clients to connect"),
        Option.number("concurrency", 200, 1, 10_000, "handshakes in flight at once"),
        Option.number("hold", 0, 0, 3600, "seconds to keep the clients connected after measuring"),
        Option.number("server-pid", 0, 0, Integer.MAX_VALUE, "the server's pid, to read its RSS and heap (jcmd); 0: do not"));
  }

  @Override
  public Report run(Bench bench) {
    Params params = bench.params();
    int clients = params.integer("clients");
    int pid = params.integer("server-pid");
    ServerProbe probe = pid > 0 ? new ServerProbe(pid) : null;
    ServerProbe.Reading before = probe == null ? null : probe.read();

    log.info("connect: {} clients to {}:{}, {} handshakes in flight", clients, bench.host(), bench.port(), params.integer("concurrency"));
    Connector connector = new Connector(bench, i -> bench.userName(Integer.toString(i)), clients, params.integer("concurrency"));
    boolean allDone = bench.awaitUntilDeadline(connector.start());
    ServerProbe.Reading after = probe != null && allDone ? probe.read() : null;
    boolean held = allDone && bench.pause(params.integer("hold"));
    bench.awaitCleanUp(connector.closeAll());

    boolean passed = allDone && held && connector.connected() == clients;
    return summarise(bench, connector, before, after).build(passed);
  }

  private Report.Builder summarise(Bench bench, Connector connector, ServerProbe.Reading before, ServerProbe.Reading after) {
    int clients = bench.params().integer("clients");
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
    failures.forEach((reason, n) -> report.note(n + " connection(s) failed: " + reason));
    if (bench.deadlinePassed()) {
      report.note("stopped at the --timeout of " + bench.params().integer("timeout") + " s");
    }
    if (before != null) {
      memory(report, before, after, connected);
    }
    int pid = bench.params().integer("server-pid");
    if (pid > 0) {
      report.figure("serverJvmFlags", new JsonArray(new ServerProbe(pid).jvmFlags()));
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
