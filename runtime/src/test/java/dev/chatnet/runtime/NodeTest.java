package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NodeTest {

  @Test
  void eventLoopsSetHowManyThreadsTheVerticlesShare() throws Exception {
    assertThat(threadsOfVerticles(Node.defaults(false).put("event-loops", 1), 3)).hasSize(1);
    assertThat(threadsOfVerticles(Node.defaults(false).put("event-loops", 2), 3)).hasSize(2);
    // Vert.x's default is twice the cores: three verticles get three loops.
    assertThat(threadsOfVerticles(Node.defaults(false), 3)).hasSize(3);
  }

  @Test
  void aNegativeCountIsRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> Node.start(Node.defaults(false).put("event-loops", -1)).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("--event-loops");
  }

  /** The distinct threads {@code count} verticles start on. */
  private static Set<String> threadsOfVerticles(JsonObject config, int count) throws Exception {
    Node node = Node.start(config.put("metrics", false)).await(10, TimeUnit.SECONDS);
    try {
      Set<String> threads = new HashSet<>();
      List<Future<String>> deployed = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        deployed.add(node.vertx().deployVerticle(new VerticleBase() {
          @Override
          public Future<?> start() {
            synchronized (threads) {
              threads.add(Thread.currentThread().getName());
            }
            return Future.succeededFuture();
          }
        }));
      }
      Future.all(deployed).await(10, TimeUnit.SECONDS);
      synchronized (threads) {
        return Set.copyOf(threads);
      }
    } finally {
      node.vertx().close().await(10, TimeUnit.SECONDS);
    }
  }
}
