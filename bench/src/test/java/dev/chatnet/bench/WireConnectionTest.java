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
}
