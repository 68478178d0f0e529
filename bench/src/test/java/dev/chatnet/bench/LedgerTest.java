package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The exactly-once check catches each way delivery can go wrong. */
class LedgerTest {

  private final Ledger ledger = new Ledger("run1", 8, 8);

  private String line(int sender, int seq) {
    return "2025-01-01 12:00: " + ledger.text(sender, seq) + " (from: brun1-s" + sender + ")";
  }

  private void sent(int sender, int seq) {
    ledger.attempt(sender, seq);
    ledger.settle(sender, seq, Ledger.Fate.SENT);
  }

  @Test
  void everySentMessageDrainedOncePasses() {
    sent(0, 0);
    sent(1, 0);
    assertThat(ledger.drained(List.of("My messages:", line(0, 0)))).isEqualTo(1);
    assertThat(ledger.drained(List.of("You have no new messages."))).isZero();
    assertThat(ledger.drained(List.of("My messages:", line(1, 0)))).isEqualTo(1);

    Ledger.Check check = ledger.check();
    assertThat(check.passed()).isTrue();
    assertThat(check.sent()).isEqualTo(2);
    assertThat(check.drainedOnce()).isEqualTo(2);
  }

  @Test
  void missingTwiceUnknownAndRefusedFail() {
    sent(0, 0);
    sent(0, 1);
    sent(0, 2);
    ledger.attempt(0, 3);
    ledger.settle(0, 3, Ledger.Fate.REFUSED);
    ledger.drained(List.of("My messages:", line(0, 0), line(0, 1), line(0, 3), line(7, 7), "12:00: hello (from: someone)"));
    ledger.drained(List.of("My messages:", line(0, 1)));

    Ledger.Check check = ledger.check();
    assertThat(check.passed()).isFalse();
    assertThat(check.drainedOnce()).isEqualTo(1);
    assertThat(check.missing()).isEqualTo(1);
    assertThat(check.duplicated()).isEqualTo(1);
    assertThat(check.unknown()).isEqualTo(2);
    assertThat(check.drainedThoughRefused()).isEqualTo(1);
  }

  @Test
  void aMessageWithNoClearAnswerMayBeDrainedOnce() {
    ledger.attempt(0, 0);
    ledger.settle(0, 0, Ledger.Fate.UNCLEAR);
    ledger.drained(List.of("My messages:", line(0, 0)));

    Ledger.Check check = ledger.check();
    assertThat(check.passed()).isTrue();
    assertThat(check.drainedUnclear()).isEqualTo(1);
  }
}
