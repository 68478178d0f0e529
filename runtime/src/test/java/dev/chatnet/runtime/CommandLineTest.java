package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every process's main, run as a process of its own: flags, exit statuses and the log format. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandLineTest {

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopWhatIsLeft() throws InterruptedException {
    for (Process process : started) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aBadFlagGetsOneLineAndStatusTwo() throws Exception {
    Process process = probe("--bogus", "1");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).startsWith("log-probe: Unknown option").contains("'--bogus'").endsWith("(see --help)\n");
    assertThat(err.lines()).hasSize(1);
  }

  @Test
  void helpAndVersionPrintAndStop() throws Exception {
    Process help = probe("--help");
    assertThat(help.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(help.exitValue()).isZero();
    assertThat(new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("Usage: log-probe", "--log-format", "CHATNET_LOG_FORMAT", "--metrics", "--version");
    Process version = probe("-V");
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).isZero();
    assertThat(new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("log-probe ");
  }

  @Test
  void jsonLogsAreOneObjectPerLineWithServiceNodeAndClient() throws Exception {
    Process process = probe("--log-format", "json", "--metrics", "false");
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      List<JsonNode> lines = new ArrayList<>();
      String line;
      // Read until the main says it is ready: the user's line comes before it.
      while ((line = out.readLine()) != null) {
        lines.add(JSON.readTree(line));
        if (line.contains("log-probe ready")) {
          break;
        }
      }
      assertThat(line).as("the ready line; the process said: %s", lines).isNotNull();
      JsonNode user = lines.stream().filter(l -> l.path("formattedMessage").asText().equals("A user arrived")).findFirst()
          .orElseThrow();
      assertThat(user.path("level").asText()).isEqualTo("INFO");
      assertThat(user.path("loggerName").asText()).isEqualTo(LogProbe.class.getName());
      assertThat(user.path("context").path("properties").path("service").asText()).isEqualTo("log-probe");
      assertThat(user.path("kvpList").toString()).contains("\"client\"", "7");
      assertThat(user.path("context").path("properties").path("node").asText()).as("the node, known once it joined")
          .isNotEmpty();
      JsonNode ready = lines.get(lines.size() - 1);
      assertThat(ready.path("context").path("properties").path("node").asText()).isNotEmpty();
    }
  }

  @Test
  void anUnknownLogFormatIsABadFlag() throws Exception {
    Process process = probe("--log-format", "xml");
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("log-probe: log-format (--log-format or CHATNET_LOG_FORMAT) takes plain or json, not 'xml' (see --help)\n");
  }

  private Process probe(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
        "-cp", System.getProperty("java.class.path"), LogProbe.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.startsWith("CHATNET_"));
    Process process = builder.start();
    started.add(process);
    return process;
  }
}
