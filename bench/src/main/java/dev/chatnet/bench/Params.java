package dev.chatnet.bench;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of one run: the common ones and the scenario's, from {@code --name value} flags. */
public final class Params {

  /** Options every scenario takes. */
  public static final List<Option> COMMON = List.of(
      Option.text("host", "127.0.0.1", "the gateway's address"),
      Option.number("port", 12000, 1, 65535, "the gateway's port"),
      Option.flag("allow-remote", "allow a --host that is not a loopback address"),
      Option.number("timeout", 120, 1, 3600, "seconds after which the run stops, reports what it has and fails"),
      Option.number("warmup-runs", 0, 0, 10, "runs of the same load before the measured one, not reported (JIT warm-up on both sides)"),
      Option.choice("mode", "standalone", List.of("standalone", "cluster"), "how the server runs (a label for the report)"),
      Option.flag("json", "also print one JSON line with the run's parameters and figures"));

  private final Map<String, Object> values;

  private Params(Map<String, Object> values) {
    this.values = values;
  }

  /** The options {@code scenario} takes: the common ones first. */
  public static List<Option> optionsOf(Scenario scenario) {
    List<Option> all = new ArrayList<>(COMMON);
    all.addAll(scenario.options());
    return all;
  }

  /** Parses {@code args}; throws {@link IllegalArgumentException} saying what is wrong. */
  public static Params parse(Scenario scenario, String... args) {
    Map<String, Option> known = new LinkedHashMap<>();
    optionsOf(scenario).forEach(option -> known.put(option.name(), option));
    Map<String, Object> values = new LinkedHashMap<>();
    known.values().forEach(option -> values.put(option.name(), option.defaultValue()));
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Option option = known.get(name);
      if (option == null) {
        throw new IllegalArgumentException("Unknown option --" + name + " for " + scenario.name());
      }
      if (value == null && option.isFlag()) {
        value = "true";
      } else if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("--" + name + " needs a value");
        }
        value = args[++i];
      }
      values.put(name, option.convert(value));
    }
    return new Params(values);
  }

  public int integer(String name) {
    return (Integer) get(name);
  }

  public boolean flag(String name) {
    return (Boolean) get(name);
  }

  public String text(String name) {
    return (String) get(name);
  }

  private Object get(String name) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException("no option --" + name);
    }
    return values.get(name);
  }

  public JsonObject toJson() {
    return new JsonObject(new LinkedHashMap<>(values));
  }

  /** The help text: every option with its default. */
  public static String usage(Scenario scenario) {
    StringBuilder out = new StringBuilder();
    for (Option option : optionsOf(scenario)) {
      String shown = option.isFlag() ? ""
          : " <" + (option.defaultValue() instanceof Integer ? "n" : option.choices().isEmpty() ? "text" : String.join("|", option.choices())) + ">";
      String def = option.isFlag() ? "" : "  (default: " + option.defaultValue() + ")";
      out.append(String.format("  --%-26s %s%s%n", option.name() + shown, option.help(), def));
    }
    return out.toString();
  }
}
