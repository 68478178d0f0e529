package dev.chatnet.chatroom;

import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.ServiceMain;
import io.vertx.core.DeploymentOptions;
import java.util.List;

/** Runs the chatroom-service alone, as a cluster member. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    var defaults = Node.defaults(true)
        .put("data-dir", Node.defaultDataDir())
        .mergeIn(ChatroomVerticle.defaults());
    ServiceMain.run("chatroom-service", args, defaults, (node, config) -> node.vertx()
        .deployVerticle(new ChatroomVerticle(), new DeploymentOptions().setConfig(config))
        .map(List::of));
  }
}
