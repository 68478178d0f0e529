package dev.chatnet.proxy;

import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.ServiceMain;
import io.vertx.core.DeploymentOptions;
import java.util.List;

/** Runs the proxy-service alone, as a cluster member. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    var defaults = Node.defaults(true)
        .put("cluster-lite-member", true)
        .put("data-dir", Node.defaultDataDir())
        .mergeIn(ProxyVerticle.defaults());
    ServiceMain.run("proxy-service", args, defaults, (node, config) -> node.vertx()
        .deployVerticle(new ProxyVerticle(), new DeploymentOptions().setConfig(config))
        .map(List::of));
  }
}
