package dev.chatnet.bench;

import java.util.List;

/** Every scenario. A new scenario is one class and one line here. */
public final class Scenarios {

  private Scenarios() {
  }

  /** New instances: a scenario's fields hold one command line's options. */
  public static List<Scenario> create() {
    return List.of(new ConnectScenario(), new DmScenario(), new ProxyScenario(), new RoomScenario());
  }
}
