package dev.chatnet.mailbox;

import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.ServiceMain;
import io.vertx.core.DeploymentOptions;
import java.util.List;

/** Runs the mailbox-service alone, as a cluster member. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("mailbox-service", args, Node.defaults(true).mergeIn(MailboxVerticle.defaults()), (node, config) -> node.vertx()
        .deployVerticle(new MailboxVerticle(), new DeploymentOptions().setConfig(config))
        .map(List::of));
  }
}
