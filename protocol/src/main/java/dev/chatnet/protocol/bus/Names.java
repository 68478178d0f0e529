package dev.chatnet.protocol.bus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for user names: 1 to 32 ASCII letters, digits, '_', '-' and '.'; unique ignoring case. */
public final class Names {

  public static final int MAX_LENGTH = 32;
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.\\-]+");

  private Names() {
  }

  /** Why {@code name} cannot be used, or empty when it can. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("The name is empty.");
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return Optional.of("The name is longer than " + MAX_LENGTH + " characters.");
    }
    if (!ALLOWED.matcher(name).matches()) {
      return Optional.of("The name may only hold letters, digits, '_', '-' and '.'.");
    }
    return Optional.empty();
  }

  /** The key under which a name is unique. */
  public static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
