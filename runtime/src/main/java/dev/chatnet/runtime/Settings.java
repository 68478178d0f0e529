package dev.chatnet.runtime;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a process's configuration once: {@code --key value} (or {@code --key=value}) flags win
 * over {@code CHATNET_KEY} environment variables, which win over the defaults. Every key must
 * have a default; its type is the default's type.
 */
public final class Settings {

  private Settings() {
  }

  public static JsonObject load(String[] args, Map<String, String> env, JsonObject defaults) {
    JsonObject config = defaults.copy();
    for (String key : defaults.fieldNames()) {
      String value = env.get(envName(key));
      if (value != null && !value.isEmpty()) {
        config.put(key, convert(key, value, defaults.getValue(key)));
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
      }
      String key = arg.substring(2);
      String value = null;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      }
      if (!defaults.containsKey(key)) {
        throw new IllegalArgumentException("Unknown option --" + key);
      }
      Object def = defaults.getValue(key);
      if (value == null) {
        boolean nextIsValue = i + 1 < args.length && !args[i + 1].startsWith("--");
        if (def instanceof Boolean && !nextIsValue) {
          value = "true";
        } else if (nextIsValue) {
          value = args[++i];
        } else {
          throw new IllegalArgumentException("Option --" + key + " needs a value");
        }
      }
      config.put(key, convert(key, value, def));
    }
    return config;
  }

  /** {@code data-dir} → {@code CHATNET_DATA_DIR}. */
  public static String envName(String key) {
    return "CHATNET_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** One line per option, for {@code --help}. */
  public static String usage(String command, JsonObject defaults) {
    StringBuilder out = new StringBuilder("Usage: " + command + " [options]\n");
    for (String key : defaults.fieldNames()) {
      out.append(String.format("  --%-26s %-36s default: %s%n", key, envName(key), defaults.getValue(key)));
    }
    return out.toString();
  }

  private static Object convert(String key, String value, Object def) {
    try {
      if (def instanceof Integer) {
        return Integer.parseInt(value.trim());
      }
      if (def instanceof Long) {
        return Long.parseLong(value.trim());
      }
      if (def instanceof Boolean) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(v);
      }
      return value;
    } catch (NumberFormatException e) {
      String kind = def instanceof Boolean ? "true or false" : "a whole number";
      throw new IllegalArgumentException("Option --" + key + " takes " + kind + ", not '" + value + "'");
    }
  }
}
