package dev.chatnet.bench;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Every scenario, by name. A new scenario is one class and one line here. */
public final class Scenarios {

  private static final Map<String, Scenario> BY_NAME = new LinkedHashMap<>();

  static {
    register(ConnectScenario::new);
    register(DmScenario::new);
    register(ProxyScenario::new);
    register(RoomScenario::new);
  }

  private Scenarios() {
  }

  private static void register(Supplier<Scenario> scenario) {
    Scenario s = scenario.get();
    BY_NAME.put(s.name(), s);
  }

  public static Optional<Scenario> byName(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static Collection<Scenario> all() {
    return BY_NAME.values();
  }
}
