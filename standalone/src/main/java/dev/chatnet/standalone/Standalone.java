package dev.chatnet.standalone;

import dev.chatnet.chatroom.ChatroomVerticle;
import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.gateway.Gateways;
import dev.chatnet.mailbox.MailboxVerticle;
import dev.chatnet.proxy.ProxyVerticle;
import dev.chatnet.runtime.Node;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Deploys every service on one node: the services first, the gateway last. */
public final class Standalone {

  private Standalone() {
  }

  public static JsonObject defaults() {
    return Node.defaults(false)
        .put("data-dir", Node.defaultDataDir())
        .mergeIn(MailboxVerticle.defaults())
        .mergeIn(ChatroomVerticle.defaults())
        .mergeIn(ProxyVerticle.defaults())
        .mergeIn(Gateways.defaults());
  }

  /** What was deployed, in order (undeploy in reverse), and where the gateway listens. */
  public record Deployment(List<String> ids, int gatewayPort) {
  }

  public static Future<Deployment> deploy(Node node, JsonObject config) {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    List<String> ids = new ArrayList<>();
    return node.vertx().deployVerticle(new DirectoryVerticle(node.membership()), options)
        .compose(id -> {
          ids.add(id);
          return node.vertx().deployVerticle(new MailboxVerticle(), options);
        })
        .compose(id -> {
          ids.add(id);
          return node.vertx().deployVerticle(new ChatroomVerticle(), options);
        })
        .compose(id -> {
          ids.add(id);
          return node.vertx().deployVerticle(new ProxyVerticle(), options);
        })
        .compose(id -> {
          ids.add(id);
          return Gateways.deploy(node, config);
        })
        .map(gateway -> {
          ids.add(gateway.id());
          return new Deployment(List.copyOf(ids), gateway.port());
        });
  }
}
