package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server as its own process: signals, as a user's terminal or an init system sends them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneProcessTest {

  @TempDir
  Path dataDir;

  private static final Pattern LISTENING = Pattern.compile("Server listening at 127\\.0\\.0\\.1/(\\d+)");

  private Process server;
  private final StringBuilder serverOutput = new StringBuilder();
  private CliProcess client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private int startServer() throws Exception {
    server = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.chatnet.standalone.Main",
        "--host", "127.0.0.1", "--port", "0", "--proxy-host", "127.0.0.1", "--proxy-port", "0", "--shutdown-grace", "1",
        "--data-dir", dataDir.toString()))
        .redirectErrorStream(true)
        .start();
    Thread reader = new Thread(() -> copy(server.getInputStream()), "server-output");
    reader.setDaemon(true);
    reader.start();
    return Integer.parseInt(awaitServer(LISTENING).group(1));
  }

  private void copy(InputStream in) {
    byte[] chunk = new byte[4096];
    int n;
    try (in) {
      while ((n = in.read(chunk)) > 0) {
        synchronized (serverOutput) {
          serverOutput.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
          serverOutput.notifyAll();
        }
      }
    } catch (IOException e) {
      // The server ended.
    }
  }

  private Matcher awaitServer(Pattern pattern) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    synchronized (serverOutput) {
      while (true) {
        Matcher matcher = pattern.matcher(serverOutput);
        if (matcher.find()) {
          return matcher;
        }
        long left = deadline - System.currentTimeMillis();
        assertThat(left).as(() -> pattern + " in the server's output:\n" + serverOutput).isPositive();
        serverOutput.wait(left);
      }
    }
  }

  @Test
  void sigtermWarnsClientsThenStopsAndTheServerLogsEveryConnection() throws Exception {
    int port = startServer();
    client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    client.await(StandaloneCliTest.MENU);
    awaitServer(Pattern.compile("Client Nina \\(\\d+\\) connected from 127\\.0\\.0\\.1"));

    server.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

    client.await("\nServer will shut down in 1 seconds\n");
    client.await("Server shut down.\n");
    assertThat(client.awaitExit()).isZero();
    awaitServer(Pattern.compile("Client Nina \\(\\d+\\) disconnected"));
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server exits").isTrue();
  }

  @Test
  void aServerThatDiesEndsTheClientWithAClearLine() throws Exception {
    int port = startServer();
    client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    client.await(StandaloneCliTest.MENU);

    server.destroyForcibly(); // SIGKILL

    client.await("Lost connection to the server.\n");
    assertThat(client.awaitExit()).isEqualTo(1);
    assertThat(client.output()).doesNotContain("Exception");
  }
}
