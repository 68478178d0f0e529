package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
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

  private static final long WAIT_MILLIS = 20_000;

  private final Process process;
  private final OutputStream stdin;
  private final StringBuilder output = new StringBuilder();
  private int cursor;

  private CliProcess(Process process) {
    this.process = process;
    this.stdin = process.getOutputStream();
    Thread reader = new Thread(this::read, "cli-output");
    reader.setDaemon(true);
    reader.start();
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

  private void read() {
    try (InputStream in = process.getInputStream()) {
      byte[] chunk = new byte[4096];
      int n;
      while ((n = in.read(chunk)) > 0) {
        synchronized (output) {
          output.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
          output.notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  /** Waits until {@code text} appears after what earlier waits consumed; yields what came before it. */
  String await(String text) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    synchronized (output) {
      int at;
      while ((at = output.indexOf(text, cursor)) < 0) {
        long left = deadline - System.currentTimeMillis();
        int from = cursor;
        assertThat(left).as(() -> "'" + text + "' in the client's output:\n" + output.substring(from)).isPositive();
        output.wait(left);
      }
      String before = output.substring(cursor, at);
      cursor = at + text.length();
      return before;
    }
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
    assertThat(process.waitFor(WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("the client exits").isTrue();
    return process.exitValue();
  }

  String output() {
    synchronized (output) {
      return output.toString();
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
