package dev.chatnet.bench;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Cached GETs through the server's HTTP forward-proxy port, against an origin the bench serves
 * itself: requests a second and latency of cache hits, and the origin's own request count as
 * the proof that every measured request was a hit.
 */
@Command(name = "proxy",
    description = "GETs of a cacheable object through the forward-proxy port; the bench's own origin proves they are cache hits")
public final class ProxyScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(ProxyScenario.class);
  /** A request with no byte moving for this long fails, rather than hang until the deadline. */
  private static final long IDLE_TIMEOUT_MILLIS = 30_000;
  private static final int SAMPLE_CHARS = 200;

  @Mixin
  private CommonOptions common;

  @Option(names = "--proxy-port", defaultValue = "3128", paramLabel = "<n>", description = "the server's forward-proxy port (at --host)")
  @Range(min = 1, max = 65535)
  private int proxyPort;

  @Option(names = "--connections", defaultValue = "16", paramLabel = "<n>", description = "keep-alive connections, one request in flight on each")
  @Range(min = 1, max = 10_000)
  private int connections;

  @Option(names = "--requests", defaultValue = "20000", paramLabel = "<n>", description = "GETs to measure, in all")
  @Range(min = 1, max = 100_000_000)
  private int requests;

  @Option(names = "--urls", defaultValue = "1", paramLabel = "<n>", description = "distinct objects the origin serves; requests go round them")
  @Range(min = 1, max = 10_000)
  private int urls;

  @Option(names = "--body", defaultValue = "1024", paramLabel = "<n>", description = "bytes in each object's body")
  @Range(min = 0, max = 10 * 1024 * 1024)
  private int body;

  @Option(names = "--warmup", defaultValue = "1", paramLabel = "<n>",
      description = "fetches of each object before measuring (the first is the miss that fills the cache)")
  @Range(min = 1, max = 1000)
  private int warmupFetches;

  @Option(names = "--cache-control", defaultValue = "public, max-age=3600", paramLabel = "<text>",
      description = "the origin's Cache-Control (no-store: nothing may be cached)")
  private String cacheControl;

  @Override
  public CommonOptions common() {
    return common;
  }

  @Override
  public Report run(Bench bench) {
    Origin origin = new Origin(bench.vertx(), bench.runId(), urls, body, cacheControl);
    if (!bench.awaitUntilDeadline(origin.listen()) || origin.port() == 0) {
      return Report.builder(name())
          .figure("timedOut", bench.deadlinePassed())
          .note("the bench's origin could not listen on 127.0.0.1: " + origin.listenFailure())
          .build(false);
    }
    HttpClientAgent client = bench.vertx().httpClientBuilder()
        .with(new HttpClientOptions()
            .setKeepAlive(true)
            .setConnectTimeout(10_000)
            .setProxyOptions(new ProxyOptions().setType(ProxyType.HTTP).setHost(bench.host()).setPort(proxyPort)))
        .with(new PoolOptions().setHttp1MaxSize(connections))
        .build();
    log.info("proxy: {} GETs of {} object(s) of {} bytes from {} through {}:{}, {} connections",
        requests, origin.urls(), body, origin.url(0), bench.host(), proxyPort, connections);

    ProxyRun run = new ProxyRun(bench, client, origin);
    Phase warmup = new Phase();
    boolean warmed = true;
    for (int round = 0; round < warmupFetches && warmed; round++) {
      warmed = bench.awaitUntilDeadline(run.fetch(warmup, (round + 1) * origin.urls(), Math.min(origin.urls(), connections)))
          && warmup.failed.get() == 0;
    }
    long originBefore = origin.requests();
    Phase measured = new Phase();
    boolean finished = warmed && bench.awaitUntilDeadline(run.fetch(measured, requests, connections));
    run.stop();
    long originDuring = origin.requests() - originBefore;
    bench.awaitCleanUp(client.close());
    bench.awaitCleanUp(origin.close());
    return new ProxySummary(this, bench, origin, warmup, measured, warmed, finished, originDuring).report();
  }

  /**
   * The origin: serves {@code GET /bench/<run>/<n>} with a fixed body and the given
   * Cache-Control, and counts every request it gets, whatever it is.
   */
  private static final class Origin {

    private final Vertx vertx;
    private final String runId;
    private final List<Buffer> bodies = new ArrayList<>();
    private final String cacheControl;
    private final AtomicLong requests = new AtomicLong();
    private HttpServer server;
    private volatile int port;
    private volatile String listenFailure = "no answer";

    Origin(Vertx vertx, String runId, int urls, int bodyBytes, String cacheControl) {
      this.vertx = vertx;
      this.runId = runId;
      this.cacheControl = cacheControl;
      for (int n = 0; n < urls; n++) {
        bodies.add(body(runId, n, bodyBytes));
      }
    }

    /** Readable filler that differs per run and object, so a stale or mixed-up body shows. */
    private static Buffer body(String runId, int n, int bytes) {
      byte[] pattern = ("chatnet-bench " + runId + " object " + n + "\n").getBytes(StandardCharsets.US_ASCII);
      byte[] out = new byte[bytes];
      for (int i = 0; i < bytes; i++) {
        out[i] = pattern[i % pattern.length];
      }
      return Buffer.buffer(out);
    }

    Future<HttpServer> listen() {
      server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(this::onRequest);
      return server.listen()
          .onSuccess(listening -> port = listening.actualPort())
          .onFailure(err -> listenFailure = err.getMessage());
    }

    int port() {
      return port;
    }

    String listenFailure() {
      return listenFailure;
    }

    int urls() {
      return bodies.size();
    }

    String url(int n) {
      return "http://127.0.0.1:" + port() + "/bench/" + runId + "/" + n;
    }

    Buffer bodyOf(int n) {
      return bodies.get(n);
    }

    long requests() {
      return requests.get();
    }

    Future<Void> close() {
      return server == null ? Future.succeededFuture() : server.close();
    }

    private void onRequest(HttpServerRequest request) {
      requests.incrementAndGet();
      String prefix = "/bench/" + runId + "/";
      String path = request.path();
      int n = path.startsWith(prefix) && path.substring(prefix.length()).matches("\\d{1,5}") ? Integer.parseInt(path.substring(prefix.length())) : -1;
      if (request.method() != HttpMethod.GET || n < 0 || n >= bodies.size()) {
        request.response().setStatusCode(404).end();
        return;
      }
      request.response()
          .putHeader("Content-Type", "application/octet-stream")
          .putHeader("Cache-Control", cacheControl)
          .end(bodies.get(n));
    }
  }

  /** What one phase's GETs came to. Updated from the event loop, read once the phase is over. */
  private static final class Phase {

    final AtomicInteger launched = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger hits = new AtomicInteger();
    final AtomicInteger wrongBodies = new AtomicInteger();
    final AtomicInteger denied = new AtomicInteger();
    final AtomicInteger unreachable = new AtomicInteger();
    final Map<String, Integer> failures = new ConcurrentHashMap<>();
    final Latencies latencies = new Latencies();
    volatile String sampleRefusal;
    volatile long startNanos;
    volatile long endNanos;

    /** Successful GETs a second, from the first launch to the last answer (or to now, when stopped early). */
    double perSecond() {
      if (startNanos == 0) {
        return 0;
      }
      double seconds = ((endNanos == 0 ? System.nanoTime() : endNanos) - startNanos) / 1e9;
      return seconds > 0 ? done.get() / seconds : 0;
    }

    void fail(String reason) {
      failed.incrementAndGet();
      failures.merge(reason, 1, Integer::sum);
    }
  }

  /** An answer as the client saw it. */
  private record Answer(int status, Buffer body, boolean hit) {
  }

  /** The client side of a run: keeps {@code concurrency} GETs in flight, each completion launching the next. */
  private static final class ProxyRun {

    private final Bench bench;
    private final HttpClientAgent client;
    private final Origin origin;
    private volatile boolean stopped;

    ProxyRun(Bench bench, HttpClientAgent client, Origin origin) {
      this.bench = bench;
      this.client = client;
      this.origin = origin;
    }

    /** Runs GETs on {@code phase} until it has launched {@code upTo} in all; completes when the last is answered. */
    Future<Void> fetch(Phase phase, int upTo, int concurrency) {
      Promise<Void> all = Promise.promise();
      AtomicInteger working = new AtomicInteger(concurrency);
      Runnable finished = () -> {
        if (working.decrementAndGet() == 0) {
          phase.endNanos = System.nanoTime();
          all.tryComplete();
        }
      };
      // One context for the whole phase: the pool's connections live on its event loop too.
      Context context = bench.vertx().getOrCreateContext();
      context.runOnContext(v -> {
        if (phase.startNanos == 0) {
          phase.startNanos = System.nanoTime();
        }
        for (int w = 0; w < concurrency; w++) {
          next(phase, upTo, finished);
        }
      });
      return all.future();
    }

    void stop() {
      stopped = true;
    }

    private void next(Phase phase, int upTo, Runnable finished) {
      int i = phase.launched.getAndIncrement();
      if (i >= upTo || stopped) {
        phase.launched.decrementAndGet();
        finished.run();
        return;
      }
      int n = i % origin.urls();
      long start = System.nanoTime();
      get(origin.url(n)).onComplete(answer -> {
        record(phase, n, start, answer);
        next(phase, upTo, finished);
      });
    }

    private Future<Answer> get(String url) {
      RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setIdleTimeout(IDLE_TIMEOUT_MILLIS);
      return client.request(request)
          .compose(req -> req.send())
          .compose(response -> response.body()
              .map(body -> new Answer(response.statusCode(), body, "HIT".equals(response.getHeader("X-Cache")))));
    }

    private void record(Phase phase, int n, long start, AsyncResult<Answer> result) {
      if (result.failed()) {
        if (result.cause() instanceof ConnectException) {
          phase.unreachable.incrementAndGet();
        }
        String message = result.cause().getMessage();
        phase.fail(result.cause().getClass().getSimpleName() + (message == null ? "" : ": " + message));
        return;
      }
      Answer answer = result.result();
      Buffer expected = origin.bodyOf(n);
      if (answer.status() != 200) {
        phase.fail("status " + answer.status());
        if (answer.status() == 403) {
          phase.denied.incrementAndGet();
        }
        if (phase.sampleRefusal == null) {
          String text = answer.body().toString(StandardCharsets.UTF_8).strip();
          phase.sampleRefusal = answer.status() + ": " + (text.length() > SAMPLE_CHARS ? text.substring(0, SAMPLE_CHARS) + "..." : text);
        }
      } else if (answer.body().length() != expected.length()) {
        phase.wrongBodies.incrementAndGet();
        phase.fail("body of " + answer.body().length() + " bytes, expected " + expected.length());
      } else if (!answer.body().equals(expected)) {
        phase.wrongBodies.incrementAndGet();
        phase.fail("body differs from the origin's");
      } else {
        phase.latencies.add(System.nanoTime() - start);
        phase.done.incrementAndGet();
        if (answer.hit()) {
          phase.hits.incrementAndGet();
        }
      }
    }
  }

  /** Sums a proxy run up as a report. */
  private record ProxySummary(ProxyScenario proxy, Bench bench, Origin origin, Phase warmup, Phase measured, boolean warmed, boolean finished,
                              long originDuring) {

    Report report() {
      int planned = proxy.requests;
      int warmupPlanned = proxy.warmupFetches * origin.urls();
      Latencies.Summary latency = measured.latencies.summary();
      Map<String, Integer> failures = new TreeMap<>(warmup.failures);
      measured.failures.forEach((reason, n) -> failures.merge(reason, n, Integer::sum));
      boolean bodyMatched = warmup.wrongBodies.get() + measured.wrongBodies.get() == 0 && warmup.done.get() + measured.done.get() > 0;
      double rate = measured.perSecond();
      Report.Builder report = Report.builder("proxy")
          .row("proxy", bench.host() + ":" + proxy.proxyPort + ", " + proxy.connections + " connections")
          .row("origin", origin.urls() + " object(s) of " + proxy.body + " bytes at " + origin.url(0)
              + (origin.urls() > 1 ? " ..." : "") + ", Cache-Control: " + proxy.cacheControl)
          .row("warm-up fetches", warmup.done.get() + " of " + warmupPlanned + (warmup.failed.get() > 0 ? ", " + warmup.failed.get() + " failed" : ""))
          .row("requests done", measured.done.get() + " of " + planned + (measured.failed.get() > 0 ? ", " + measured.failed.get() + " failed" : ""))
          .row("requests/s", String.format("%.1f", rate))
          .row("latency", latency.shown())
          .row("answered as X-Cache: HIT", measured.hits.get() + " of " + measured.done.get())
          .row("origin requests", originDuring + " while measuring, " + origin.requests() + " in all")
          .row("bodies", bodies(bodyMatched))
          .figure("connections", proxy.connections)
          .figure("urls", origin.urls())
          .figure("bodyBytes", proxy.body)
          .figure("warmupRequests", warmup.done.get())
          .figure("warmupFailed", warmup.failed.get())
          .figure("requests", planned)
          .figure("requestsDone", measured.done.get())
          .figure("requestsFailed", measured.failed.get())
          .figure("requestsPerSecond", Math.round(rate * 10) / 10.0)
          .figure("latency", latency.toJson())
          .figure("cacheHits", measured.hits.get())
          .figure("originRequestsDuringMeasure", originDuring)
          .figure("originRequestsTotal", origin.requests())
          .figure("bodyMatched", bodyMatched)
          .figure("failures", new JsonObject(new TreeMap<String, Object>(failures)))
          .figure("timedOut", bench.deadlinePassed());
      notes(report, failures);
      boolean passed = warmed && finished && !bench.deadlinePassed() && measured.done.get() == planned && measured.failed.get() == 0
          && bodyMatched && originDuring == 0;
      return report.build(passed);
    }

    private String bodies(boolean matched) {
      int wrong = warmup.wrongBodies.get() + measured.wrongBodies.get();
      return matched ? "all matched" : wrong > 0 ? wrong + " did not match" : "none received";
    }

    private void notes(Report.Builder report, Map<String, Integer> failures) {
      failures.forEach((reason, n) -> report.note(n + " request(s) failed: " + reason));
      if (!warmed && !bench.deadlinePassed()) {
        report.note("the warm-up did not get every object through the proxy, so nothing was measured");
      }
      String refusal = warmup.sampleRefusal != null ? warmup.sampleRefusal : measured.sampleRefusal;
      if (refusal != null) {
        report.note("the proxy answered " + refusal);
      }
      if (warmup.denied.get() + measured.denied.get() > 0) {
        report.note("403: the proxy's deny list blocks the bench's origin on 127.0.0.1 (by default it denies loopback). "
            + "For a bench run, start the server with --proxy-deny 169.254.0.0/16 (or CHATNET_PROXY_DENY=169.254.0.0/16)");
      }
      if (warmup.unreachable.get() + measured.unreachable.get() > 0) {
        report.note("is the server running with its forward proxy at " + bench.host() + ":" + proxy.proxyPort
            + "? (server flag --proxy-port, 3128 by default; bench flag --proxy-port)");
      }
      if (originDuring > 0) {
        report.note("the origin got " + originDuring + " request(s) while measuring: the proxy did not answer them from its cache. "
            + "Is the server's cache off for the proxy port (--proxy-port-caching false), or is --cache-control '"
            + proxy.cacheControl + "' not cacheable by a shared cache?");
      }
      if (bench.deadlinePassed()) {
        report.note("stopped at the --timeout of " + bench.timeoutSeconds() + " s");
      }
    }
  }
}
