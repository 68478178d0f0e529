package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.protocol.wire.MenuOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench reads menus and room lines by their first bytes: those must be what the server sends. */
class WireConnectionTest {

  @Test
  void thePrefixesAreHowFramesAreEncoded() {
    String menu = Frames.encode(new Frame.Menu("main", List.of("header"), List.of(new MenuOption("1", "Get user list", List.of())),
        "Your option <enter a number>: ", "Invalid option"));
    String event = Frames.encode(new Frame.Event("alice> hello"));

    assertThat(menu).startsWith(WireConnection.MENU_PREFIX.toString());
    assertThat(event).startsWith(WireConnection.EVENT_PREFIX.toString());
  }

  @Test
  void anActionWrittenByHandReadsAsTheSameFrame() throws Exception {
    java.util.Map<String, String> inputs = new java.util.LinkedHashMap<>();
    inputs.put("message", "quote \" backslash \\ newline \n tab \t é 😀 \u0001");
    inputs.put("recipient", "42");
    String line = WireConnection.actionLine(7, "2", inputs).toString(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n").doesNotContain("\n\n");
    assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    assertThat(Frames.decode(line.strip())).isEqualTo(new Frame.Action(7, "2", inputs));
  }
}
