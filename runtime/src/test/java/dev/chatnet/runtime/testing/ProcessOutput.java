package dev.chatnet.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** What a process prints, gathered as it comes; tests wait for text to appear, never for time to pass. */
public final class ProcessOutput {

  public static final long WAIT_MILLIS = 20_000;

  private final String name;
  private final StringBuilder output = new StringBuilder();
  private int cursor;

  public ProcessOutput(InputStream in, String name) {
    this.name = name;
    Thread reader = new Thread(() -> read(in), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream in) {
    try (in) {
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
  public String await(String text) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    synchronized (output) {
      int at;
      while ((at = output.indexOf(text, cursor)) < 0) {
        long left = deadline - System.currentTimeMillis();
        int from = cursor;
        assertThat(left).as(() -> "'" + text + "' in the output of " + name + " after:\n" + output.substring(from)).isPositive();
        output.wait(left);
      }
      String before = output.substring(cursor, at);
      cursor = at + text.length();
      return before;
    }
  }

  public String all() {
    synchronized (output) {
      return output.toString();
    }
  }
}
