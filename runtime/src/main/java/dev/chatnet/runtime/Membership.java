package dev.chatnet.runtime;

import java.util.Set;
import java.util.function.Consumer;

/** Which nodes make up the cluster, and word when one leaves (cleanly or by dying). */
public interface Membership {

  String localNode();

  Set<String> nodes();

  /** True when every piece of cluster data has its backup in place, so one more node may go. */
  boolean safe();

  /**
   * Calls {@code handler} with the id of each node that leaves, on an arbitrary thread: hop to
   * your own context before touching state. Run the returned action to stop listening.
   */
  Runnable onNodeLeft(Consumer<String> handler);

  /** A process alone: it is the only node and nobody ever leaves. */
  static Membership local(String nodeId) {
    return new Membership() {
      @Override
      public String localNode() {
        return nodeId;
      }

      @Override
      public Set<String> nodes() {
        return Set.of(nodeId);
      }

      @Override
      public boolean safe() {
        return true;
      }

      @Override
      public Runnable onNodeLeft(Consumer<String> handler) {
        return () -> { };
      }
    };
  }
}
