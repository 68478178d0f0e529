package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

/** Flags, defaults, help, version and usage errors, as scripts and README.md rely on them; no server needed. */
class CommandLineTest {

  private static final Map<String, Object> COMMON = Map.of("host", "127.0.0.1", "port", 12000, "allow-remote", false,
      "timeout", 120, "warmup-runs", 0, "mode", "standalone", "json", false);

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static JsonObject withCommon(Map<String, Object> own) {
    JsonObject expected = new JsonObject();
    COMMON.forEach(expected::put);
    own.forEach(expected::put);
    return expected;
  }

  @Test
  void everyScenarioHasItsDocumentedDefaults() {
    assertThat(Main.parameters("connect"))
        .isEqualTo(withCommon(Map.of("clients", 1000, "concurrency", 200, "hold", 0, "server-pid", 0, "server-pids", "")));
    assertThat(Main.parameters("dm")).isEqualTo(withCommon(Map.of("senders", 10, "recipients", 10, "messages", 1000,
        "pipeline", 1, "rate", 0, "drain-interval", 20, "server-pids", "")));
    assertThat(Main.parameters("proxy")).isEqualTo(withCommon(Map.of("proxy-port", 3128, "connections", 16, "requests", 20_000,
        "urls", 1, "body", 1024, "warmup", 1, "cache-control", "public, max-age=3600")));
    assertThat(Main.parameters("room")).isEqualTo(withCommon(Map.of("members", 100, "senders", 10, "messages", 1000,
        "rate", 0, "pipeline", 8, "warmup", 200, "settle", 10, "server-pids", "")));
  }

  @Test
  void theParametersKeepTheirOrderCommonOnesFirst() {
    assertThat(Main.parameters("connect").fieldNames()).containsExactly("host", "port", "allow-remote", "timeout", "warmup-runs",
        "mode", "json", "clients", "concurrency", "hold", "server-pid", "server-pids");
  }

  @Test
  void theScriptsInvocationsParseAsBefore() {
    // scripts/bench-all.sh, with the pids and mode it appends
    assertThat(Main.parameters("dm", "--senders", "50", "--recipients", "50", "--messages", "4000", "--pipeline", "16",
        "--warmup-runs", "1", "--server-pids", "101,102", "--mode", "cluster", "--json"))
        .isEqualTo(withCommon(Map.of("senders", 50, "recipients", 50, "messages", 4000, "pipeline", 16, "rate", 0, "drain-interval", 20,
            "server-pids", "101,102")).put("warmup-runs", 1).put("mode", "cluster").put("json", true));
    assertThat(Main.parameters("connect", "--clients", "10000", "--concurrency", "500", "--warmup-runs", "1", "--timeout", "300",
        "--server-pid", "4242", "--mode", "standalone", "--json"))
        .isEqualTo(withCommon(Map.of("clients", 10_000, "concurrency", 500, "hold", 0, "server-pid", 4242, "server-pids", ""))
            .put("warmup-runs", 1).put("timeout", 300).put("json", true));
    assertThat(Main.parameters("room", "--members", "100", "--senders", "10", "--messages", "800", "--rate", "1600",
        "--warmup", "1000", "--server-pids", "7", "--mode", "standalone", "--json"))
        .isEqualTo(withCommon(Map.of("members", 100, "senders", 10, "messages", 800, "rate", 1600, "pipeline", 8, "warmup", 1000,
            "settle", 10, "server-pids", "7")).put("json", true));
    assertThat(Main.parameters("proxy", "--connections", "64", "--requests", "20000", "--warmup-runs", "1", "--mode", "cluster", "--json"))
        .isEqualTo(withCommon(Map.of("proxy-port", 3128, "connections", 64, "requests", 20_000, "urls", 1, "body", 1024,
            "warmup", 1, "cache-control", "public, max-age=3600")).put("warmup-runs", 1).put("mode", "cluster").put("json", true));
    // the peers' comparisons: a port of their own
    assertThat(Main.parameters("room", "--port", "12901", "--members", "100", "--senders", "10", "--messages", "3000",
        "--warmup", "1001", "--server-pids", "99", "--json").getInteger("port")).isEqualTo(12901);
  }

  @Test
  void valuesMayBeAttachedAndTheLastOfARepeatedFlagCounts() {
    JsonObject params = Main.parameters("connect", "--clients=7", "--clients", "9", "--json=false", "--hold=3");
    assertThat(params.getInteger("clients")).isEqualTo(9);
    assertThat(params.getBoolean("json")).isFalse();
    assertThat(params.getInteger("hold")).isEqualTo(3);
    assertThat(Main.parameters("proxy", "--cache-control", "no-store").getString("cache-control")).isEqualTo("no-store");
  }

  @Test
  void aHostThatIsNotLoopbackParsesWithAllowRemote() {
    assertThat(Main.parameters("connect", "--host", "192.0.2.1", "--allow-remote").getString("host")).isEqualTo("192.0.2.1");
  }

  @Test
  void aBadFlagIsOneLineOnStderrAndStatusTwo() {
    assertThat(run("connect", "--bogus")).isEqualTo(2);
    assertThat(out.size()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("chatnet-bench: Unknown option --bogus for connect (see connect --help)" + System.lineSeparator());
  }

  @Test
  void aBadValueIsOneLineOnStderrAndStatusTwo() {
    assertThat(run("room", "--settle", "soon")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "chatnet-bench: Invalid value for option '--settle': 'soon' is not an int (see room --help)");
  }

  @Test
  void aValueOutOfRangeNamesTheRange() {
    assertThat(run("dm", "--pipeline", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "chatnet-bench: --pipeline takes a number from 1 to " + WireConnection.MAX_IN_FLIGHT + ", not 0 (see dm --help)");
  }

  @Test
  void anUnknownTopLevelFlagIsAUsageError() {
    assertThat(run("--bogus")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly("chatnet-bench: Unknown option --bogus (see --help)");
  }

  @Test
  void parseThrowsRatherThanExits() {
    assertThatThrownBy(() -> Main.parse("connect", "--clients", "0")).isInstanceOf(ParameterException.class)
        .hasMessage("--clients takes a number from 1 to 100000, not 0");
    assertThatThrownBy(() -> Main.parse("--json")).isInstanceOf(ParameterException.class);
  }

  @Test
  void noScenarioPrintsTheUsageAndIsAUsageError() {
    assertThat(run()).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Scenarios", "connect", "dm", "proxy", "room");
  }

  @Test
  void versionOnTheTopCommandAndEachScenario() {
    for (String[] args : new String[][] {{"--version"}, {"connect", "--version"}, {"dm", "-V"}, {"proxy", "--version"}, {"room", "--version"}}) {
      out.reset();
      assertThat(run(args)).isZero();
      // Run from classes there is no manifest.
      assertThat(out.toString(StandardCharsets.UTF_8).strip()).matches("chatnet-bench \\S+");
    }
  }

  @Test
  void helpOnEachScenarioListsItsOptionsWithDefaultsAndTheExitStatus() {
    for (String scenario : new String[] {"connect", "dm", "proxy", "room"}) {
      out.reset();
      assertThat(run(scenario, "--help")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("Usage: chatnet-bench " + scenario, "--port", "Default: 12000", "--version", "2   a usage error");
    }
    assertThat(run("help", "room")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--settle");
    assertThat(err.size()).isZero();
  }
}
