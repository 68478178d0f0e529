package dev.chatnet.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.UserText;
import org.junit.jupiter.api.Test;

class UserTextTest {

  @Test
  void everyControlCharacterButTabIsRefusedByName() {
    for (int c = 0; c < 0xa0; c++) {
      boolean control = c < 0x20 || c >= 0x7f;
      String text = "a" + (char) c + "b";
      if (c == '\t' || !control) {
        assertThat(UserText.problem(text, "line")).as("U+%04X", c).isEmpty();
      } else {
        assertThat(UserText.problem(text, "line")).as("U+%04X", c)
            .contains(String.format("The line holds a control character (U+%04X)", c));
      }
    }
  }

  @Test
  void bidirectionalOverridesAreRefusedAndOtherTextIsNot() {
    for (int c : new int[] {0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069}) {
      assertThat(UserText.problem("x" + (char) c, "message")).as("U+%04X", c)
          .contains(String.format("The message holds a text-direction override (U+%04X)", c));
    }
    assertThat(UserText.problem("Grüße, 你好 👋 \u200d ok", "message")).isEmpty();
  }
}
