package dev.chatnet.directory;

import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.ServiceMain;
import io.vertx.core.DeploymentOptions;
import java.util.List;

/** Runs the directory-service alone, as a cluster member. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("directory-service", args, Node.defaults(true), (node, config) -> node.vertx()
        .deployVerticle(new DirectoryVerticle(node.membership()), new DeploymentOptions().setConfig(config))
        .map(List::of));
  }
}
