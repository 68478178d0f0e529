package dev.chatnet.gateway;

import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.ServiceMain;
import java.util.List;

/** Runs a gateway alone, as a cluster member. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("gateway", args, Node.defaults(true).put("cluster-lite-member", true).mergeIn(Gateways.defaults()), (node, config) ->
        Gateways.deploy(node, config).map(deployment -> List.of(deployment.id())));
  }
}
