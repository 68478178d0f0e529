package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's refusals, which need no server. */
class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aHostThatIsNotLoopbackNeedsAllowRemote() {
    assertThat(run("connect", "--host", "192.0.2.1")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--allow-remote");
  }

  @Test
  void badOptionsAndUnknownScenariosAreUsageErrors() {
    assertThat(run("dm", "--clients", "5")).isEqualTo(2);
    assertThat(run("connect", "--clients", "0")).isEqualTo(2);
    assertThat(run("connect", "--mode", "cloud")).isEqualTo(2);
    assertThat(run("nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unknown option --clients for dm", "Unknown scenario 'nope'");
  }

  @Test
  void helpListsScenariosAndTheirOptions() {
    assertThat(run("--help")).isZero();
    assertThat(run("dm", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("connect", "dm", "--rate 100000 --burst 100000", "--senders", "--timeout", "--json");
  }
}
