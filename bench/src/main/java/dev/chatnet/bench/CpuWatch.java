package dev.chatnet.bench;

import java.util.List;

/**
 * The CPU that the server's processes ({@code --server-pids}) and the bench itself use over one
 * stretch of a run, read from {@code /proc}: on a shared machine the bench competes with the
 * server for the same cores, so a report shows both.
 */
final class CpuWatch {

  /** CPU nanoseconds used meanwhile; null where there was nothing to read (no pids) or a process could not be read. */
  record Used(Long serverNanos, Long benchNanos) {

    /** Adds the server's and the bench's CPU per one of {@code count} {@code unit}s (say "deposit"), where known. */
    void report(Report.Builder report, int count, String unit) {
      if (count == 0) {
        return;
      }
      String figure = "CpuMicrosPer" + Character.toUpperCase(unit.charAt(0)) + unit.substring(1);
      if (serverNanos != null) {
        double per = serverNanos / 1e3 / count;
        report.row("server CPU", String.format("%.1f µs per %s", per, unit)).figure("server" + figure, Math.round(per * 10) / 10.0);
      }
      if (benchNanos != null) {
        double per = benchNanos / 1e3 / count;
        report.row("bench CPU", String.format("%.1f µs per %s", per, unit)).figure("bench" + figure, Math.round(per * 10) / 10.0);
      }
    }
  }

  private final List<ServerProbe> servers;
  private final List<ServerProbe> self = List.of(new ServerProbe(ProcessHandle.current().pid()));
  private Long serverBefore;
  private Long benchBefore;

  private CpuWatch(List<ServerProbe> servers) {
    this.servers = servers;
  }

  /** The processes of {@code serverPids} (comma-separated); throws NumberFormatException for anything else. */
  static CpuWatch of(String serverPids) {
    return new CpuWatch(ServerProbe.of(serverPids));
  }

  /** The report of a scenario that cannot run with {@code serverPids}. */
  static Report refused(String scenario, String serverPids) {
    return Report.builder(scenario)
        .note("--server-pids takes process ids separated by commas, not '" + serverPids + "'")
        .build(false);
  }

  void start() {
    serverBefore = ServerProbe.cpuNanos(servers);
    benchBefore = ServerProbe.cpuNanos(self);
  }

  /** What was used since {@link #start}. */
  Used stop() {
    return new Used(minus(ServerProbe.cpuNanos(servers), serverBefore), minus(ServerProbe.cpuNanos(self), benchBefore));
  }

  private static Long minus(Long after, Long before) {
    return after == null || before == null ? null : after - before;
  }
}
