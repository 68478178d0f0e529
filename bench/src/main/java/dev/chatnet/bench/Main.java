package dev.chatnet.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar chatnet-bench.jar <scenario> [options]}: runs one scenario against a running
 * gateway, prints its table (and with {@code --json} one JSON line), and exits 0 only if its
 * checks passed.
 */
public final class Main {

  private static final int USAGE_ERROR = 2;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; yields the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || List.of("--help", "-h", "help").contains(args[0])) {
      out.print(usage());
      return args.length == 0 ? USAGE_ERROR : 0;
    }
    Optional<Scenario> found = Scenarios.byName(args[0]);
    if (found.isEmpty()) {
      err.println("Unknown scenario '" + args[0] + "'");
      err.print(usage());
      return USAGE_ERROR;
    }
    Scenario scenario = found.get();
    String[] options = Arrays.copyOfRange(args, 1, args.length);
    if (List.of(options).contains("--help") || List.of(options).contains("-h")) {
      out.print(usage(scenario));
      return 0;
    }
    Params params;
    try {
      params = Params.parse(scenario, options);
      checkLoopback(params);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.print(usage(scenario));
      return USAGE_ERROR;
    }
    for (int i = 1; i <= params.integer("warmup-runs"); i++) {
      // Same load, not reported: the server's and the bench's JIT compilers do their work here.
      Report warmup = Bench.run(scenario, params);
      err.println("warm-up run " + i + ": " + (warmup.passed() ? "PASS" : "FAIL"));
    }
    Report report = Bench.run(scenario, params);
    ReportPrinter.table(report, params, out);
    if (params.flag("json")) {
      out.println(ReportPrinter.json(report, params, RunInfo.commit()).encode());
    }
    return report.passed() ? 0 : 1;
  }

  /** A load generator aimed at someone else's server by a typo would be a nuisance: ask first. */
  private static void checkLoopback(Params params) {
    if (params.flag("allow-remote")) {
      return;
    }
    String host = params.text("host");
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw new IllegalArgumentException("--host " + host + " is not a loopback address; add --allow-remote to load it anyway");
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("Unknown host '" + host + "'");
    }
  }

  private static String usage() {
    StringBuilder text = new StringBuilder("""
        Usage: java -jar chatnet-bench.jar <scenario> [options]   (or ./chatnet bench <scenario> [options])

        Loads a running chatnet gateway over TCP with the real wire protocol and checks what it gets back.
        Start the server with higher flood limits for load, e.g. --rate 100000 --burst 100000.

        Scenarios:
        """);
    for (Scenario scenario : Scenarios.all()) {
      text.append(String.format("  %-10s %s%n", scenario.name(), scenario.summary()));
    }
    text.append("\n<scenario> --help lists its options.\n");
    return text.toString();
  }

  private static String usage(Scenario scenario) {
    return "Usage: java -jar chatnet-bench.jar " + scenario.name() + " [options]\n  "
        + scenario.summary() + "\n  Start the server with higher flood limits for load, e.g. --rate 100000 --burst 100000.\n"
        + "\nOptions:\n" + Params.usage(scenario)
        + "\nExit status: 0 if the checks passed, 1 if not (or the run timed out), 2 on a usage error.\n";
  }
}
