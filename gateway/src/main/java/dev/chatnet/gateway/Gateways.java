package dev.chatnet.gateway;

import dev.chatnet.runtime.Node;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deploys the gateway verticle, one instance per event loop, all sharing one listening port. */
public final class Gateways {

  private static final Logger log = LoggerFactory.getLogger(Gateways.class);

  private Gateways() {
  }

  public static JsonObject defaults() {
    return GatewayVerticle.defaults().put("gateway-instances", Runtime.getRuntime().availableProcessors());
  }

  /** A running gateway deployment and the port its instances share. */
  public record Deployment(String id, String host, int port) {
  }

  /** Deploys and prints where it listens. */
  public static Future<Deployment> deploy(Node node, JsonObject config) {
    List<GatewayVerticle> instances = new CopyOnWriteArrayList<>();
    GatewaySettings settings = GatewaySettings.from(config);
    Listener listener = new Listener(settings.host(), settings.port());
    DeploymentOptions options = new DeploymentOptions()
        .setConfig(config)
        .setInstances(Math.max(1, config.getInteger("gateway-instances", 1)));
    return node.vertx().deployVerticle(() -> {
      GatewayVerticle verticle = new GatewayVerticle(node.id(), listener);
      instances.add(verticle);
      return verticle;
    }, options).map(id -> {
      GatewayVerticle first = instances.get(0);
      log.info("Server listening at {}/{}", first.host(), first.port());
      return new Deployment(id, first.host(), first.port());
    });
  }
}
