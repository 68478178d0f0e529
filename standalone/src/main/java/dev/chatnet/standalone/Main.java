package dev.chatnet.standalone;

import dev.chatnet.runtime.ServiceMain;

/** chatnet in one process: every service and the gateway, not clustered unless told to. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    ServiceMain.run("chatnet-standalone", args, Standalone.defaults(), (node, config) ->
        Standalone.deploy(node, config).map(Standalone.Deployment::ids));
  }
}
