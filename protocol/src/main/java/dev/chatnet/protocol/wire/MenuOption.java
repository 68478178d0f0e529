package dev.chatnet.protocol.wire;

import java.util.List;

/** One entry of a {@link Frame.Menu}: the key the user types, its label, and what to ask before sending it. */
public record MenuOption(String key, String label, List<Input> inputs) {

  public MenuOption {
    inputs = inputs == null ? List.of() : List.copyOf(inputs);
  }
}
