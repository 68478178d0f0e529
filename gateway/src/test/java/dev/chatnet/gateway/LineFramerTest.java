package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.ErrorCodes;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines come out whole however the bytes are cut into reads. */
class LineFramerTest {

  private final List<String> out = new ArrayList<>();
  private final LineFramer framer = new LineFramer(16, new LineFramer.Sink() {
    @Override
    public void onLine(String line) {
      out.add(line);
    }

    @Override
    public void onBadLine(String code, String message) {
      out.add("! " + code);
    }
  });

  private void feed(byte[] bytes, int chunk) {
    for (int i = 0; i < bytes.length; i += chunk) {
      framer.feed(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
    }
  }

  @Test
  void linesSplitAnywhereComeOutWhole() {
    byte[] bytes = "héllo\r\n\nwörld ✓\nlast".getBytes(StandardCharsets.UTF_8);
    for (int chunk = 1; chunk <= bytes.length; chunk++) {
      out.clear();
      feed(bytes, chunk);
      feed("\n".getBytes(StandardCharsets.UTF_8), 1);
      assertThat(out).as("cut every %d bytes", chunk).containsExactly("héllo", "wörld ✓", "last");
    }
  }

  @Test
  void aLineOverTheLimitIsReportedOnceAndTheNextLineStillComes() {
    String max = "x".repeat(16);
    for (int chunk : new int[] {1, 5, 64}) {
      out.clear();
      feed((max + "\n" + "y".repeat(40) + "\n" + "ok\n").getBytes(StandardCharsets.UTF_8), chunk);
      assertThat(out).as("cut every %d bytes", chunk).containsExactly(max, "! " + ErrorCodes.TOO_LONG, "ok");
    }
  }

  @Test
  void aLineFinishedFromAnEarlierReadDoesNotCountAgainstTheNextOne() {
    // 10 bytes of a line, then its end and 12 bytes of the next: neither is over 16.
    framer.feed(Unpooled.wrappedBuffer("aaaaaaaaaa".getBytes(StandardCharsets.UTF_8)));
    framer.feed(Unpooled.wrappedBuffer("aa\nbbbbbbbbbbbb".getBytes(StandardCharsets.UTF_8)));
    framer.feed(Unpooled.wrappedBuffer("\n".getBytes(StandardCharsets.UTF_8)));
    assertThat(out).containsExactly("a".repeat(12), "b".repeat(12));
  }

  @Test
  void bytesThatAreNotUtf8AreReportedAndTheNextLineStillComes() {
    framer.feed(Unpooled.wrappedBuffer(new byte[] {'a', (byte) 0xC3, (byte) 0x28, '\n', 'b', '\n'}));
    assertThat(out).containsExactly("! " + ErrorCodes.BAD_ENCODING, "b");
  }
}
