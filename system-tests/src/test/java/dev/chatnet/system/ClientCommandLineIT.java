package dev.chatnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's jar as a user runs it: --help, --version from its manifest, and a bad flag's one line and status 2. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientCommandLineIT {

  private final Path root = Path.of(System.getProperty("chatnet.root", "..")).toAbsolutePath().normalize();

  private record Run(int status, String out, String err) {
  }

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-jar", root.resolve("cli-client/target/chatnet-client.jar").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHATNET_"));
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the client exits").isTrue();
    return new Run(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void versionIsTheJarsOwn() throws Exception {
    Run version = run("--version");
    assertThat(version.status()).isZero();
    assertThat(version.out()).matches("chatnet-client \\d+\\.\\d+\\.\\d+\\S*\\R");
    assertThat(version.err()).isEmpty();
  }

  @Test
  void helpListsTheFlagsAndExitsZero() throws Exception {
    Run help = run("--help");
    assertThat(help.status()).isZero();
    assertThat(help.out()).startsWith("Usage: chatnet-client ")
        .contains("--host=HOST", "--port=PORT", "--name=NAME", "--tls", "--tls-ca=FILE", "--version");
    assertThat(help.err()).isEmpty();
  }

  @Test
  void aBadFlagOrValueIsOneLineAndStatusTwo() throws Exception {
    Run bogus = run("--bogus");
    assertThat(bogus.status()).isEqualTo(2);
    assertThat(bogus.err()).isEqualToNormalizingNewlines("chatnet-client: Unknown option: '--bogus' (see --help)\n");
    assertThat(bogus.out()).isEmpty();
    Run port = run("--port", "0");
    assertThat(port.status()).isEqualTo(2);
    assertThat(port.err()).isEqualToNormalizingNewlines(
        "chatnet-client: Invalid value for option '--port': The port must be a number from 1 to 65535. (see --help)\n");
  }
}
