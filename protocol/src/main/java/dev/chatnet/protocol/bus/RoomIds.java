package dev.chatnet.protocol.bus;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The rule for chat room ids: 1 to 32 ASCII letters, digits, '_' and '-'; unique ignoring case. */
public final class RoomIds {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_\\-]{1,32}");

  private RoomIds() {
  }

  /** Why {@code id} cannot be a room id, or empty when it can. */
  public static Optional<String> problem(String id) {
    if (id == null || !ALLOWED.matcher(id).matches()) {
      return Optional.of("Chat room id '" + (id == null ? "" : id) + "' is invalid: use 1 to 32 letters, digits, '_' or '-'.");
    }
    return Optional.empty();
  }

  public static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
