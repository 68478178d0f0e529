package dev.chatnet.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every scenario takes, mixed into each scenario's command. */
public final class CommonOptions {

  private static final List<String> MODES = List.of("standalone", "cluster");

  @Spec(Spec.Target.MIXEE)
  private CommandSpec scenario;

  @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "<text>", description = "the gateway's address")
  String host;

  @Option(names = "--port", defaultValue = "12000", paramLabel = "<n>", description = "the gateway's port")
  @Range(min = 1, max = 65535)
  int port;

  @Option(names = "--allow-remote", description = "allow a --host that is not a loopback address")
  boolean allowRemote;

  @Option(names = "--timeout", defaultValue = "120", paramLabel = "<n>",
      description = "seconds after which the run stops, reports what it has and fails")
  @Range(min = 1, max = 3600)
  int timeout;

  @Option(names = "--warmup-runs", defaultValue = "0", paramLabel = "<n>",
      description = "runs of the same load before the measured one, not reported (JIT warm-up on both sides)")
  @Range(min = 0, max = 10)
  int warmupRuns;

  @Option(names = "--mode", defaultValue = "standalone", paramLabel = "<standalone|cluster>",
      description = "how the server runs (a label for the report)")
  String mode;

  @Option(names = "--json", description = "also print one JSON line with the run's parameters and figures")
  boolean json;

  /** What the options' types cannot say; throws a usage error. */
  void check() {
    if (!MODES.contains(mode)) {
      throw usageError("--mode takes one of " + String.join(", ", MODES) + ", not '" + mode + "'");
    }
    checkLoopback();
  }

  /** A load generator aimed at someone else's server by a typo would be a nuisance: ask first. */
  private void checkLoopback() {
    if (allowRemote) {
      return;
    }
    try {
      if (!InetAddress.getByName(host).isLoopbackAddress()) {
        throw usageError("--host " + host + " is not a loopback address; add --allow-remote to load it anyway");
      }
    } catch (UnknownHostException e) {
      throw usageError("Unknown host '" + host + "'");
    }
  }

  private ParameterException usageError(String message) {
    return new ParameterException(scenario.commandLine(), message);
  }
}
