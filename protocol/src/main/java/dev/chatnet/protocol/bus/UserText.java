package dev.chatnet.protocol.bus;

import java.util.Locale;
import java.util.Optional;

/**
 * The rule for text one user sends another (direct messages, chat lines): no control
 * character but tab and no bidirectional override, since a receiving terminal would act on
 * them (clear the screen, retitle the window, fake a line from someone else, reverse text).
 */
public final class UserText {

  private UserText() {
  }

  /**
   * Why {@code text} cannot go to another user, naming it {@code what} ("message"), as a clause
   * without its full stop; empty when it can go.
   */
  public static Optional<String> problem(String text, String what) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (isControl(c)) {
        return Optional.of("The " + what + " holds a control character (" + codePoint(c) + ")");
      }
      if (isBidiOverride(c)) {
        return Optional.of("The " + what + " holds a text-direction override (" + codePoint(c) + ")");
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /** C0 (tab excepted), DEL and C1. */
  public static boolean isControl(int c) {
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f);
  }

  /** The embeddings, overrides and isolates of U+202A–U+202E and U+2066–U+2069. */
  public static boolean isBidiOverride(int c) {
    return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }

  public static String codePoint(int c) {
    return String.format(Locale.ROOT, "U+%04X", c);
  }
}
