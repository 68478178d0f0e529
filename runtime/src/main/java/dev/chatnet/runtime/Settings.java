package dev.chatnet.runtime;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Reads a process's configuration once, with picocli: {@code --key value} (or {@code --key=value})
 * flags win over {@code CHATNET_KEY} environment variables, which win over the defaults. Every
 * key must have a default; its type is the default's type. {@code --help} and {@code --version}
 * ask for a text instead of a configuration.
 */
public final class Settings {

  /** What a command line asks for: a configuration to run with, or a text to print and stop. */
  public record Parsed(JsonObject config, String text) {
  }

  private Settings() {
  }

  /**
   * @throws IllegalArgumentException with one line saying what is wrong, for a flag or an
   *                                  environment variable that cannot be read
   */
  public static Parsed parse(String command, String[] args, Map<String, String> env, JsonObject defaults) {
    JsonObject effective = defaults.copy();
    for (String key : defaults.fieldNames()) {
      String value = env.get(envName(key));
      if (value != null && !value.isEmpty()) {
        effective.put(key, fromEnvironment(key, value, defaults.getValue(key)));
      }
    }
    CommandLine line = new CommandLine(spec(command, effective))
        // A flag given twice: the last one counts, so a wrapper's defaults can be overridden.
        .setOverwrittenOptionsAllowed(true)
        // "@name" is a value (a name, a list of hosts), not a file to read arguments from.
        .setExpandAtFiles(false);
    ParseResult result;
    try {
      result = line.parseArgs(args);
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (result.isUsageHelpRequested()) {
      return new Parsed(null, line.getUsageMessage(CommandLine.Help.Ansi.OFF));
    }
    if (result.isVersionHelpRequested()) {
      return new Parsed(null, String.join("\n", line.getCommandSpec().version()) + "\n");
    }
    JsonObject config = new JsonObject();
    for (String key : effective.fieldNames()) {
      config.put(key, result.matchedOptionValue("--" + key, effective.getValue(key)));
    }
    return new Parsed(config, null);
  }

  /** The configuration of a command line that must not ask for help or the version. */
  public static JsonObject load(String[] args, Map<String, String> env, JsonObject defaults) {
    Parsed parsed = parse("chatnet", args, env, defaults);
    if (parsed.config() == null) {
      throw new IllegalArgumentException("Nothing to run: help or version asked for");
    }
    return parsed.config();
  }

  /** {@code data-dir} → {@code CHATNET_DATA_DIR}. */
  public static String envName(String key) {
    return "CHATNET_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** This build's version, from the jar's manifest; {@code dev} when run from classes. */
  public static String version() {
    String version = Settings.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  private static CommandSpec spec(String command, JsonObject defaults) {
    CommandSpec spec = CommandSpec.create().name(command).version(command + " " + version()).mixinStandardHelpOptions(true);
    spec.usageMessage().customSynopsis(command + " [options]").sortOptions(false)
        .description("Each option can also be set by its environment variable; a flag wins over it.");
    for (String key : defaults.fieldNames()) {
      Object def = defaults.getValue(key);
      spec.addOption(OptionSpec.builder("--" + key)
          .type(typeOf(def))
          .arity(def instanceof Boolean ? "0..1" : "1")
          .paramLabel(def instanceof Boolean ? "true|false" : "<" + key + ">")
          .description(envName(key) + ", default: " + (String.valueOf(def).isEmpty() ? "(none)" : def))
          .build());
    }
    return spec;
  }

  private static Class<?> typeOf(Object def) {
    if (def instanceof Integer) {
      return Integer.class;
    }
    if (def instanceof Long) {
      return Long.class;
    }
    if (def instanceof Boolean) {
      return Boolean.class;
    }
    if (def instanceof String) {
      return String.class;
    }
    throw new IllegalArgumentException("A setting's default must be a number, a boolean or a text: " + def);
  }

  private static Object fromEnvironment(String key, String value, Object def) {
    String v = value.trim();
    try {
      if (def instanceof Integer) {
        return Integer.parseInt(v);
      }
      if (def instanceof Long) {
        return Long.parseLong(v);
      }
      if (def instanceof Boolean) {
        if (!List.of("true", "false").contains(v.toLowerCase(Locale.ROOT))) {
          throw new NumberFormatException();
        }
        return Boolean.parseBoolean(v.toLowerCase(Locale.ROOT));
      }
      return value;
    } catch (NumberFormatException e) {
      String kind = def instanceof Boolean ? "true or false" : "a whole number";
      throw new IllegalArgumentException(envName(key) + " takes " + kind + ", not '" + value + "'");
    }
  }
}
