package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.runtime.testing.ProcessOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real chatnet-client in its own JVM, driven through standard input and output as a
 * person at a terminal would: type a line, wait for text to appear.
 */
final class CliProcess implements AutoCloseable {

  private final Process process;
  private final OutputStream stdin;
  private final ProcessOutput output;

  private CliProcess(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    this.output = new ProcessOutput(process.getInputStream(), "the client");
  }

  static CliProcess start(String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.timezone=UTC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-cp", System.getProperty("java.class.path"),
        "dev.chatnet.client.ChatClient"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("CHATNET_"));
    return new CliProcess(builder.start());
  }

  /** Waits until {@code text} appears after what earlier waits consumed; yields what came before it. */
  String await(String text) throws InterruptedException {
    return output.await(text);
  }

  /** Waits for the next full line and yields it. */
  String awaitLine() throws InterruptedException {
    return await("\n");
  }

  void type(String line) throws IOException {
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  void endInput() throws IOException {
    stdin.close();
  }

  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(ProcessOutput.WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("the client exits").isTrue();
    return process.exitValue();
  }

  String output() {
    return output.all();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
