package dev.chatnet.runtime;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of every process's {@code main}: read the settings once, start the node, deploy,
 * and on SIGTERM undeploy in reverse order (the gateway, deployed last, warns its clients
 * first) and leave the cluster.
 */
public final class ServiceMain {

  private static final Logger log = LoggerFactory.getLogger(ServiceMain.class);
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private ServiceMain() {
  }

  /**
   * @param deploy deploys the process's verticles on the node with the settings, and yields
   *               their deployment ids in the order they were deployed
   */
  public static void run(String command, String[] args, JsonObject defaults,
                         BiFunction<Node, JsonObject, Future<List<String>>> deploy) {
    JsonObject config;
    try {
      Settings.Parsed parsed = Settings.parse(command, args, System.getenv(), defaults);
      if (parsed.config() == null) {
        System.out.print(parsed.text());
        return;
      }
      config = parsed.config();
      Logs.use(config.getString("log-format", Logs.PLAIN), command);
    } catch (IllegalArgumentException e) {
      System.err.println(command + ": " + e.getMessage() + " (see --help)");
      System.exit(2);
      return;
    }
    widenCommonPool();
    Node node;
    List<String> deployments;
    Health health;
    try {
      node = Node.start(config).await(2, TimeUnit.MINUTES);
      Logs.node(node.id());
      deployments = deploy.apply(node, config).await(2, TimeUnit.MINUTES);
      health = Health.start(node, config, command).await(1, TimeUnit.MINUTES);
      log.info("{} ready: node {}, {} cluster member(s)", command, node.id(), node.membership().nodes().size());
    } catch (Exception e) {
      log.error("{} could not start: {}", command, e.getMessage(), e);
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      health.stopping();
      stop(node, deployments);
    }, "chatnet-shutdown"));
  }

  /**
   * Hazelcast completes its futures on the common ForkJoinPool, and where that pool would have
   * fewer than two threads (two cores or fewer) it starts a new thread for every callback
   * instead: several per direct message in a cluster, measured at two thirds of the CPU a
   * deposit cost. Set before anything starts the pool; an explicit setting is kept.
   */
  private static void widenCommonPool() {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "4");
    }
    if (ForkJoinPool.getCommonPoolParallelism() < 2) {
      log.warn("The common ForkJoinPool has {} thread(s): Hazelcast will start a thread per callback; set -D{}=4",
          ForkJoinPool.getCommonPoolParallelism(), COMMON_POOL_PARALLELISM);
    }
  }

  private static void stop(Node node, List<String> deployments) {
    List<String> reversed = new ArrayList<>(deployments);
    Collections.reverse(reversed);
    try {
      for (String id : reversed) {
        node.vertx().undeploy(id).await(1, TimeUnit.MINUTES);
      }
      node.vertx().close().await(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      log.warn("Shutdown did not complete: {}", e.getMessage());
    }
  }
}
