package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;

/** The room check: lines lost, doubled or out of order show in a member's tally. */
class RoomTallyTest {

  private static final long ORIGIN = System.nanoTime();

  private static Buffer line(String name, char phase, int sender, int n) {
    String text = name + "> " + RoomTally.text(phase, sender, n, System.nanoTime() - ORIGIN);
    return Buffer.buffer(Frames.encode(new Frame.Event(text)));
  }

  @Test
  void readsTheLineAsTheGatewayEncodesIt() {
    long[] parsed = RoomTally.parse(line("b1-0", RoomTally.MEASURED, 2, 17));

    assertThat(parsed).isNotNull();
    assertThat(parsed[0]).isEqualTo(RoomTally.MEASURED);
    assertThat(parsed[1]).isEqualTo(2);
    assertThat(parsed[2]).isEqualTo(17);
    assertThat(RoomTally.parse(Buffer.buffer(Frames.encode(new Frame.Event("b1-0 joined."))))).isNull();
  }

  @Test
  void everyLineOnceInOrderIsClean() {
    RoomTally tally = new RoomTally(2, -1, new Recorder(3), ORIGIN);
    for (int n = 0; n < 3; n++) {
      tally.onLine(line("a", RoomTally.MEASURED, 0, n));
      tally.onLine(line("b", RoomTally.MEASURED, 1, n));
    }

    assertThat(tally.received()).isEqualTo(6).isEqualTo(tally.expected(3));
    assertThat(tally.missing(3)).isZero();
    assertThat(tally.duplicated()).isZero();
  }

  @Test
  void aLostLineADoubledLineAndALateLineAreCaught() {
    RoomTally tally = new RoomTally(1, -1, new Recorder(3), ORIGIN);
    tally.onLine(line("a", RoomTally.MEASURED, 0, 0));
    tally.onLine(line("a", RoomTally.MEASURED, 0, 0)); // doubled
    tally.onLine(line("a", RoomTally.MEASURED, 0, 2)); // 1 skipped
    tally.onLine(line("a", RoomTally.MEASURED, 0, 1)); // late

    assertThat(tally.duplicated()).isEqualTo(2);
    assertThat(tally.missing(4)).isEqualTo(2); // 1 jumped over, 3 never came
  }

  @Test
  void aSenderDoesNotExpectItsOwnLinesAndNoticesWhenItGetsThem() {
    RoomTally tally = new RoomTally(2, 1, new Recorder(3), ORIGIN);
    tally.onLine(line("me", RoomTally.MEASURED, 1, 0));

    assertThat(tally.expected(5)).isEqualTo(5);
    assertThat(tally.gotOwnLine()).isTrue();
  }
}
