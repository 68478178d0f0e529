package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.gateway.Gateways;
import dev.chatnet.runtime.Node;
import dev.chatnet.standalone.Standalone;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each scenario, small, against chatnet standalone in this JVM: correctness only, never speed. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchSmokeTest {

  @TempDir
  Path dataDir;

  private Node node;
  private JsonObject config;
  private int port;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("rate", 100_000)
        .put("burst", 100_000)
        .put("data-dir", dataDir.toString());
    port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
  }

  @AfterEach
  void stop() throws Exception {
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  private static Report run(String scenario, int port, String... options) {
    List<String> args = new java.util.ArrayList<>(List.of(scenario, "--port", String.valueOf(port), "--timeout", "60"));
    args.addAll(List.of(options));
    return Bench.run(Main.parse(args.toArray(String[]::new)));
  }

  @Test
  void connectLogsEveryClientIn() {
    Report report = run("connect", port, "--clients", "50", "--concurrency", "20");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("connected")).isEqualTo(50);
    assertThat(report.figures().getInteger("failed")).isZero();
    assertThat(report.figures().getJsonObject("handshake").getInteger("count")).isEqualTo(50);
  }

  @Test
  void dmDeliversEveryAcceptedMessageExactlyOnce() {
    Report report = run("dm", port, "--senders", "3", "--recipients", "3", "--messages", "50");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("depositsSent")).isEqualTo(150);
    JsonObject check = report.figures().getJsonObject("exactlyOnce");
    assertThat(check.getInteger("drainedOnce")).isEqualTo(150);
    assertThat(check.getInteger("missing")).isZero();
    assertThat(check.getInteger("duplicated")).isZero();
    assertThat(check.getInteger("unknown")).isZero();
    assertThat(report.figures().getInteger("rateLimitedDeposits")).isZero();
  }

  @Test
  void pipelinedDepositsAreAnsweredInOrderAndDeliveredExactlyOnce() {
    Report report = run("dm", port, "--senders", "3", "--recipients", "2", "--messages", "45", "--pipeline", "8");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("pipeline")).isEqualTo(8);
    assertThat(report.figures().getInteger("depositsSent")).isEqualTo(135);
    assertThat(report.figures().getJsonObject("exactlyOnce").getInteger("drainedOnce")).isEqualTo(135);
    assertThat(report.figures().getJsonObject("depositLatency").getInteger("count")).isEqualTo(135);
  }

  @Test
  void dmAtAnOfferedRateKeepsToItAndDeliversExactlyOnce() {
    // 2 senders x 20 at 100 a second: each sender's last message is due 380 ms after its first.
    Report report = run("dm", port, "--senders", "2", "--recipients", "2", "--messages", "20", "--rate", "100");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("offeredRate")).isEqualTo(100);
    assertThat(report.figures().getJsonObject("exactlyOnce").getInteger("drainedOnce")).isEqualTo(40);
    // Unpaced, this server takes thousands a second; paced, never more than the rate (a slow machine only slows it further).
    assertThat(report.figures().getDouble("depositsPerSecond")).isLessThanOrEqualTo(110.0);
  }

  @Test
  void connectReportsTheCpuTheServerAndTheBenchSpentPerHandshake() {
    // The server runs in this JVM, so its pid is this process's.
    String pid = Long.toString(ProcessHandle.current().pid());
    Report report = run("connect", port, "--clients", "20", "--concurrency", "5", "--server-pids", pid);

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getDouble("serverCpuMicrosPerHandshake")).isPositive();
    assertThat(report.figures().getDouble("benchCpuMicrosPerHandshake")).isPositive();

    Report bad = run("connect", port, "--clients", "1", "--server-pids", "12,abc");
    assertThat(bad.passed()).isFalse();
    assertThat(bad.notes()).containsExactly("--server-pids takes process ids separated by commas, not '12,abc'");
  }

  @Test
  void dmReportsTheCpuTheServerAndTheBenchSpentPerDeposit() {
    // The server runs in this JVM, so its pid is this process's.
    String pid = Long.toString(ProcessHandle.current().pid());
    Report report = run("dm", port, "--senders", "2", "--recipients", "2", "--messages", "30", "--server-pids", pid);

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getDouble("serverCpuMicrosPerDeposit")).isPositive();
    assertThat(report.figures().getDouble("benchCpuMicrosPerDeposit")).isPositive();

    Report bad = run("dm", port, "--senders", "1", "--recipients", "1", "--messages", "1", "--server-pids", "pid");
    assertThat(bad.passed()).isFalse();
    assertThat(bad.notes()).containsExactly("--server-pids takes process ids separated by commas, not 'pid'");
  }

  @Test
  void roomDeliversEveryLineToEveryOtherMemberOnceInOrder() {
    Report report = run("room", port, "--members", "6", "--senders", "3", "--messages", "50", "--warmup", "5");

    assertThat(report.passed()).as("%s", report).isTrue();
    // Each of the 6 members gets the 50 lines of each sender but itself: 6 x 150 - 3 x 50.
    assertThat(report.figures().getLong("deliveriesExpected")).isEqualTo(750);
    assertThat(report.figures().getLong("deliveries")).isEqualTo(750);
    assertThat(report.figures().getLong("missing")).isZero();
    assertThat(report.figures().getLong("duplicatedOrReordered")).isZero();
    assertThat(report.figures().getLong("ownLinesEchoed")).isZero();
    assertThat(report.figures().getJsonObject("latency").getLong("count")).isEqualTo(750);
  }

  @Test
  void roomSaysWhatIsWrongWithServerPidsThatAreNotNumbers() {
    Report report = run("room", port, "--members", "2", "--senders", "1", "--messages", "1", "--server-pids", "12,abc");

    assertThat(report.passed()).isFalse();
    assertThat(report.notes()).containsExactly("--server-pids takes process ids separated by commas, not '12,abc'");
  }

  @Test
  void roomAtAnOfferedRateSaysEveryLine() {
    Report report = run("room", port, "--members", "4", "--senders", "2", "--messages", "20", "--rate", "200", "--warmup", "0");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getLong("deliveries")).isEqualTo(4 * 40 - 40);
  }

  @Test
  void rateLimitedActionsAreCountedAndSentAgainNeverDelivered() throws Exception {
    JsonObject limited = config.copy().put("rate", 20).put("burst", 10).put("gateway-instances", 1);
    int limitedPort = Gateways.deploy(node, limited).await(30, TimeUnit.SECONDS).port();

    Report report = run("dm", limitedPort, "--senders", "2", "--recipients", "1", "--messages", "20");

    assertThat(report.passed()).as("%s", report).isTrue();
    assertThat(report.figures().getInteger("rateLimitedDeposits") + report.figures().getInteger("rateLimitedDrains")).isPositive();
    assertThat(report.figures().getInteger("depositsSent")).isEqualTo(40);
    assertThat(report.figures().getJsonObject("exactlyOnce").getInteger("drainedOnce")).isEqualTo(40);
    assertThat(report.notes()).anyMatch(note -> note.contains("--rate 100000 --burst 100000"));
  }

  @Test
  void theCommandLinePrintsATableAndOneJsonLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"connect", "--port", String.valueOf(port), "--clients", "5", "--json", "--mode", "standalone"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).anyMatch(line -> line.matches("\\s+handshakes done\\s+5 of 5"));
    assertThat(lines).anyMatch(line -> line.matches("\\s+result\\s+PASS"));
    JsonObject json = new JsonObject(lines.get(lines.size() - 1));
    assertThat(json.getString("scenario")).isEqualTo("connect");
    assertThat(json.getBoolean("passed")).isTrue();
    assertThat(json.getString("commit")).isNotBlank();
    assertThat(json.getString("mode")).isEqualTo("standalone");
    assertThat(json.getInteger("processors")).isPositive();
    assertThat(json.getJsonArray("jvmFlags")).isNotNull();
    assertThat(json.getJsonObject("params").getInteger("clients")).isEqualTo(5);
    assertThat(json.getJsonObject("figures").getInteger("connected")).isEqualTo(5);
  }

  @Test
  void aWarmUpRunGoesFirstAndOnlyTheLastRunIsReported() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Main.run(new String[] {"connect", "--port", String.valueOf(port), "--clients", "3", "--warmup-runs", "1", "--json"},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("warm-up run 1: PASS");
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).filteredOn(line -> line.startsWith("{")).hasSize(1);
    assertThat(new JsonObject(lines.get(lines.size() - 1)).getJsonObject("params").getInteger("warmup-runs")).isEqualTo(1);
  }
}
