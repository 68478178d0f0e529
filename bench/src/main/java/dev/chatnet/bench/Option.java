package dev.chatnet.bench;

import java.util.List;

/**
 * One command-line option: its name (without {@code --}), default, help line and what it may
 * take. The default's type is the option's type: Integer, Boolean or String.
 */
public record Option(String name, Object defaultValue, String help, long min, long max, List<String> choices) {

  public static Option number(String name, int defaultValue, int min, int max, String help) {
    return new Option(name, defaultValue, help, min, max, List.of());
  }

  public static Option flag(String name, String help) {
    return new Option(name, false, help, 0, 0, List.of());
  }

  public static Option text(String name, String defaultValue, String help) {
    return new Option(name, defaultValue, help, 0, 0, List.of());
  }

  public static Option choice(String name, String defaultValue, List<String> choices, String help) {
    return new Option(name, defaultValue, help, 0, 0, List.copyOf(choices));
  }

  boolean isFlag() {
    return defaultValue instanceof Boolean;
  }

  /** The value as typed on the command line, checked and converted to the option's type. */
  Object convert(String value) {
    if (defaultValue instanceof Integer) {
      long number;
      try {
        number = Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + value + "'");
      }
      if (number < min || number > max) {
        throw new IllegalArgumentException("--" + name + " takes a number from " + min + " to " + max + ", not " + number);
      }
      return (int) number;
    }
    if (defaultValue instanceof Boolean) {
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException("--" + name + " takes true or false, not '" + value + "'");
      }
      return Boolean.parseBoolean(value);
    }
    if (!choices.isEmpty() && !choices.contains(value)) {
      throw new IllegalArgumentException("--" + name + " takes one of " + String.join(", ", choices) + ", not '" + value + "'");
    }
    return value;
  }
}
