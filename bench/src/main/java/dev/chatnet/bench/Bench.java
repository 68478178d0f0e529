package dev.chatnet.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scenario runs with: the common options, a Vertx whose few event loops carry every
 * connection, the run's id (in every user name and message) and its deadline.
 */
public final class Bench implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Bench.class);
  private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
  /** Time allowed to close connections and the Vertx once the run is over, deadline or not. */
  private static final long CLOSE_SECONDS = 15;

  private final CommonOptions options;
  private final Vertx vertx;
  private final NetClient net;
  /** Connections are spread over these, one per event loop, so the bench is not one thread. */
  private final Context[] loops;
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final String runId;
  private final long deadline;
  private volatile boolean deadlinePassed;

  public Bench(CommonOptions options) {
    this.options = options;
    this.vertx = Vertx.vertx();
    this.net = vertx.createNetClient(new NetClientOptions().setConnectTimeout(10_000).setTcpNoDelay(true));
    this.loops = new Context[Runtime.getRuntime().availableProcessors()];
    for (int i = 0; i < loops.length; i++) {
      loops[i] = ((VertxInternal) vertx).createEventLoopContext();
    }
    this.runId = newRunId();
    this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.timeout);
  }

  /** Runs {@code scenario} with its options, on a Bench of its own. */
  public static Report run(Scenario scenario) {
    try (Bench bench = new Bench(scenario.common())) {
      return scenario.run(bench);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  NetClient net() {
    return net;
  }

  /** The event loop the next connection lives on, in turn. */
  Context nextLoop() {
    return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
  }

  public String host() {
    return options.host;
  }

  public int port() {
    return options.port;
  }

  /** The run's {@code --timeout}, in seconds. */
  public int timeoutSeconds() {
    return options.timeout;
  }

  public String runId() {
    return runId;
  }

  /** A user name unique to this run: {@code b<run>-<suffix>}. */
  public String userName(String suffix) {
    return "b" + runId + "-" + suffix;
  }

  /**
   * Waits for {@code future} until the deadline, without looking at how it ended.
   *
   * @return false when the deadline came first; the run is then marked as timed out
   */
  public boolean awaitUntilDeadline(Future<?> future) {
    long left = deadline - System.nanoTime();
    try {
      if (left <= 0) {
        throw new TimeoutException();
      }
      future.<Void>mapEmpty().otherwiseEmpty().await(left, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      if (!deadlinePassed) {
        log.warn("The run's --timeout of {} s passed; stopping with what it has", options.timeout);
      }
      deadlinePassed = true;
      return false;
    }
  }

  /** Waits {@code seconds}, or until the deadline if that comes first (false then). */
  public boolean pause(long seconds) {
    return seconds <= 0 || awaitUntilDeadline(vertx.timer(seconds, TimeUnit.SECONDS));
  }

  /** Waits for clean-up work (closing connections), which may run a little past the deadline. */
  public void awaitCleanUp(Future<?> future) {
    try {
      future.<Void>mapEmpty().otherwiseEmpty().await(CLOSE_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("Clean-up did not finish within {} s", CLOSE_SECONDS);
    }
  }

  public boolean deadlinePassed() {
    return deadlinePassed;
  }

  @Override
  public void close() {
    awaitCleanUp(vertx.close());
  }

  private static String newRunId() {
    SecureRandom random = new SecureRandom();
    StringBuilder id = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      id.append(ID_CHARS.charAt(random.nextInt(ID_CHARS.length())));
    }
    return id.toString();
  }
}
