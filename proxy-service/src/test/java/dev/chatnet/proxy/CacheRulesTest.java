package dev.chatnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared cache's HTTP rules (RFC 9111, RFC 9110, RFC 9213), each through the real
 * forward-proxy port against a real local origin whose answers the test sets path by path.
 * Staleness comes from the origin's Age and Date headers, so no test waits for a clock.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CacheRulesTest {

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

  private Vertx vertx;
  private RoutedOrigin origin;
  @TempDir
  Path dataDir;
  private ProxyVerticle proxy;
  private HttpClient client;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    origin = RoutedOrigin.start(vertx);
    proxy = deploy();
    client = client(proxy.port());
  }

  private ProxyVerticle deploy() throws Exception {
    JsonObject config = new JsonObject()
        .put("data-dir", dataDir.toString())
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("proxy-timeout", 2000L)
        .put("proxy-deny", "169.254.0.0/16");
    ProxyVerticle verticle = new ProxyVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    return verticle;
  }

  private static HttpClient client(int proxyPort) {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private String url(String path) {
    return origin.url(path);
  }

  private int count(String path) {
    return origin.count(path);
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send(client, "GET", path, headers);
  }

  private HttpResponse<String> send(HttpClient through, String method, String path, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return through.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String cache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  private void serve(String path, String... headers) {
    origin.route(path, (request, n) -> {
      for (int i = 0; i < headers.length; i += 2) {
        request.response().putHeader(headers[i], headers[i + 1]);
      }
      request.response().end(path + " #" + n);
    });
  }

  @Test
  void everyVariantOfAVaryingResponseIsKept() throws Exception {
    origin.route("/vary", (request, n) -> request.response().putHeader("Cache-Control", "max-age=600")
        .putHeader("Vary", "Accept-Language").end("lang " + request.getHeader("Accept-Language") + " #" + n));
    assertThat(get("/vary", "Accept-Language", "en").body()).isEqualTo("lang en #1");
    assertThat(get("/vary", "Accept-Language", "fr").body()).isEqualTo("lang fr #2");
    HttpResponse<String> en = get("/vary", "Accept-Language", "en");
    HttpResponse<String> fr = get("/vary", "Accept-Language", "fr");
    assertThat(en.body()).isEqualTo("lang en #1");
    assertThat(fr.body()).isEqualTo("lang fr #2");
    assertThat(cache(en)).isEqualTo("HIT");
    assertThat(cache(fr)).isEqualTo("HIT");
    // Whitespace between list members picks the same variant.
    assertThat(get("/vary", "Accept-Language", "en").body()).isEqualTo("lang en #1");
    assertThat(count("/vary")).isEqualTo(2);
  }

  @Test
  void aResponseThatVariesOnAnythingIsNeverReused() throws Exception {
    serve("/star", "Cache-Control", "max-age=600", "Vary", "Foo, *");
    get("/star");
    assertThat(get("/star").body()).isEqualTo("/star #2");
  }

  @Test
  void aClientsConditionalRequestIsAnsweredFromAFreshEntry() throws Exception {
    serve("/tagged", "Cache-Control", "max-age=600", "ETag", "\"v1\"", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
    get("/tagged");
    HttpResponse<String> byTag = get("/tagged", "If-None-Match", "\"v0\", W/\"v1\"");
    assertThat(byTag.statusCode()).isEqualTo(304);
    assertThat(byTag.body()).isEmpty();
    assertThat(byTag.headers().firstValue("ETag")).contains("\"v1\"");
    HttpResponse<String> byDate = get("/tagged", "If-Modified-Since", "Tue, 02 Jan 2024 00:00:00 GMT");
    assertThat(byDate.statusCode()).isEqualTo(304);
    HttpResponse<String> otherTag = get("/tagged", "If-None-Match", "\"v2\"");
    assertThat(otherTag.statusCode()).isEqualTo(200);
    assertThat(otherTag.body()).isEqualTo("/tagged #1");
    assertThat(count("/tagged")).isEqualTo(1);
  }

  @Test
  void anOriginsNotModifiedToOneClientIsNeverServedToAnother() throws Exception {
    origin.route("/own", (request, n) -> {
      request.response().putHeader("Cache-Control", "max-age=600").putHeader("ETag", "\"v1\"");
      if ("\"v1\"".equals(request.getHeader("If-None-Match"))) {
        request.response().setStatusCode(304).end();
      } else {
        request.response().end("the body #" + n);
      }
    });
    assertThat(get("/own", "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);
    HttpResponse<String> plain = get("/own");
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.body()).isEqualTo("the body #2");
  }

  @Test
  void aRangeIsServedFromTheWholeStoredResponseAndAPartialOneIsNeverStored() throws Exception {
    serve("/whole", "Cache-Control", "max-age=600", "ETag", "\"w\"");
    assertThat(get("/whole").body()).isEqualTo("/whole #1");
    HttpResponse<String> part = get("/whole", "Range", "bytes=1-5");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo("whole");
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 1-5/9");
    assertThat(get("/whole", "Range", "bytes=-2").body()).isEqualTo("#1");
    assertThat(get("/whole", "Range", "bytes=100-").statusCode()).isEqualTo(416);
    // If-Range with another validator: the whole response.
    assertThat(get("/whole", "Range", "bytes=1-5", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
    assertThat(count("/whole")).isEqualTo(1);

    origin.route("/partial", (request, n) -> request.response().setStatusCode(206).putHeader("Cache-Control", "max-age=600")
        .putHeader("Content-Range", "bytes 0-1/10").end("ab"));
    assertThat(get("/partial", "Range", "bytes=0-1").statusCode()).isEqualTo(206);
    origin.route("/partial", (request, n) -> request.response().putHeader("Cache-Control", "max-age=600").end("abcdefghij"));
    HttpResponse<String> whole = get("/partial");
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo("abcdefghij");
  }

  @Test
  void theAgeOfAResponseCountsTheTimeBeforeItArrived() throws Exception {
    // Generated 100 s ago by its Date: stale on arrival with max-age=60.
    serve("/dated", "Cache-Control", "max-age=60", "Date", HttpDates.format(System.currentTimeMillis() - 100_000));
    get("/dated");
    assertThat(get("/dated").body()).isEqualTo("/dated #2");
    // Age is read from its first member.
    serve("/aged", "Cache-Control", "max-age=3600", "Age", "7200, 0");
    get("/aged");
    assertThat(get("/aged").body()).isEqualTo("/aged #2");
    serve("/young", "Cache-Control", "max-age=3600", "Age", "100");
    get("/young");
    HttpResponse<String> hit = get("/young");
    assertThat(hit.body()).isEqualTo("/young #1");
    assertThat(Long.parseLong(hit.headers().firstValue("Age").orElseThrow())).isBetween(100L, 110L);
  }

  @Test
  void anInvalidExpiresMeansAlreadyExpiredAndTheObsoleteDateFormsAreRead() throws Exception {
    serve("/bad-expires", "Expires", "Thu, 18 Aug 2050 2:01:18 GMT");
    get("/bad-expires");
    assertThat(get("/bad-expires").body()).isEqualTo("/bad-expires #2");
    serve("/rfc850", "Expires", "Thursday, 18-Aug-50 02:01:18 GMT", "Date", HttpDates.format(System.currentTimeMillis()));
    get("/rfc850");
    assertThat(get("/rfc850").body()).isEqualTo("/rfc850 #1");
    assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT"));
    assertThat(HttpDates.parse("Sun, 06 Nov 1994 8:49:37 GMT")).isNull();
  }

  @Test
  void theRequestsOwnDirectivesAreFollowed() throws Exception {
    serve("/fresh", "Cache-Control", "max-age=600", "Age", "100");
    get("/fresh");
    assertThat(get("/fresh", "Cache-Control", "max-age=50").body()).isEqualTo("/fresh #2");
    assertThat(get("/fresh", "Cache-Control", "min-fresh=1000").body()).isEqualTo("/fresh #3");
    assertThat(get("/fresh", "Cache-Control", "max-age=500").body()).isEqualTo("/fresh #3");

    serve("/stale", "Cache-Control", "max-age=10", "Age", "20");
    get("/stale");
    assertThat(get("/stale", "Cache-Control", "max-stale=60").body()).isEqualTo("/stale #1");
    assertThat(get("/stale", "Cache-Control", "max-stale=5").body()).isEqualTo("/stale #2");

    HttpResponse<String> onlyCached = get("/never-fetched", "Cache-Control", "only-if-cached");
    assertThat(onlyCached.statusCode()).isEqualTo(504);
    assertThat(count("/never-fetched")).isZero();
  }

  @Test
  void staleWhileRevalidateAnswersAtOnceAndRefreshesBehind() throws Exception {
    Promise<Void> refreshed = Promise.promise();
    origin.route("/swr", (request, n) -> {
      request.response().putHeader("Cache-Control", "max-age=1, stale-while-revalidate=600").putHeader("Age", "5")
          .end("/swr #" + n);
      if (n == 2) {
        refreshed.tryComplete();
      }
    });
    get("/swr");
    HttpResponse<String> stale = get("/swr");
    assertThat(stale.body()).isEqualTo("/swr #1");
    assertThat(cache(stale)).isEqualTo("HIT");
    refreshed.future().await(10, TimeUnit.SECONDS);
    assertThat(count("/swr")).isEqualTo(2);
  }

  @Test
  void staleIfErrorAndAnUnreachableOriginUseTheStoredCopyUnlessTheOriginForbidsIt() throws Exception {
    BiConsumer<HttpServerRequest, Integer> down = (request, n) -> request.response().setStatusCode(503).end("down");
    BiConsumer<HttpServerRequest, Integer> gone = (request, n) -> request.connection().close();
    storedStaleThen("/sie", "max-age=1, stale-if-error=600", down);
    assertThat(get("/sie").body()).isEqualTo("stored /sie");
    storedStaleThen("/gone", "max-age=1", gone);
    assertThat(get("/gone").body()).isEqualTo("stored /gone");
    storedStaleThen("/strict", "max-age=1, must-revalidate", gone);
    assertThat(get("/strict").statusCode()).isEqualTo(502);
  }

  /** Stores an answer to {@code path} that is stale at once, after which the origin answers with {@code then}. */
  private void storedStaleThen(String path, String cacheControl, BiConsumer<HttpServerRequest, Integer> then)
      throws Exception {
    origin.route(path, (request, n) -> {
      if (n == 1) {
        request.response().putHeader("Cache-Control", cacheControl).putHeader("Age", "5").end("stored " + path);
      } else {
        then.accept(request, n);
      }
    });
    get(path);
  }

  @Test
  void aStaleEntryIsRevalidatedWithTheCachesOwnValidators() throws Exception {
    origin.route("/reval", (request, n) -> {
      request.response().putHeader("Cache-Control", "max-age=1").putHeader("Age", "5").putHeader("ETag", "\"r1\"");
      if ("\"r1\"".equals(request.getHeader("If-None-Match"))) {
        request.response().setStatusCode(304).end();
      } else {
        request.response().end("revalidated body");
      }
    });
    get("/reval");
    HttpResponse<String> renewed = get("/reval", "If-None-Match", "\"someone-else\"");
    assertThat(renewed.statusCode()).isEqualTo(200);
    assertThat(renewed.body()).isEqualTo("revalidated body");
    assertThat(origin.seenIfNoneMatch()).containsExactly("/reval \"r1\"");
  }

  @Test
  void anUnsafeRequestInvalidatesItsUrlAndTheUrlsItsAnswerNames() throws Exception {
    serve("/a", "Cache-Control", "max-age=600");
    serve("/b", "Cache-Control", "max-age=600");
    serve("/c", "Cache-Control", "max-age=600");
    get("/a");
    get("/b");
    get("/c");
    origin.route("/a", (request, n) -> request.response().putHeader("Location", "/b").putHeader("Content-Location", url("/c"))
        .end("posted"));
    assertThat(send(client, "POST", "/a").body()).isEqualTo("posted");
    serve("/a", "Cache-Control", "max-age=600");
    assertThat(get("/a").body()).isEqualTo("/a #3");
    assertThat(get("/b").body()).isEqualTo("/b #2");
    assertThat(get("/c").body()).isEqualTo("/c #2");
    // A method the cache does not know goes through, and counts as unsafe.
    origin.route("/a", (request, n) -> request.response().end(request.method().name()));
    assertThat(send(client, "M-SEARCH", "/a").body()).isEqualTo("M-SEARCH");
    serve("/a", "Cache-Control", "max-age=600");
    assertThat(get("/a").body()).isEqualTo("/a #5");
  }

  @Test
  void anotherInstancesInvalidationReachesThisInstancesMemory() throws Exception {
    serve("/shared", "Cache-Control", "max-age=600");
    get("/shared");
    assertThat(cache(get("/shared"))).isEqualTo("HIT");
    ProxyVerticle second = deploy();
    HttpClient other = client(second.port());
    origin.route("/shared", (request, n) -> request.response().end("deleted"));
    assertThat(send(other, "DELETE", "/shared").body()).isEqualTo("deleted");
    serve("/shared", "Cache-Control", "max-age=600");
    // The announcement travels on the event bus: the next request of this instance goes to the origin.
    HttpResponse<String> after = get("/shared");
    assertThat(after.body()).isEqualTo("/shared #3");
    assertThat(cache(after)).isEqualTo("MISS");
  }

  @Test
  void cdnCacheControlReplacesCacheControlForThisCache() throws Exception {
    serve("/cdn-no-store", "Cache-Control", "max-age=10000", "CDN-Cache-Control", "no-store");
    get("/cdn-no-store");
    assertThat(get("/cdn-no-store").body()).isEqualTo("/cdn-no-store #2");
    serve("/cdn-fresh", "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10000");
    get("/cdn-fresh");
    HttpResponse<String> hit = get("/cdn-fresh");
    assertThat(hit.body()).isEqualTo("/cdn-fresh #1");
    assertThat(hit.headers().firstValue("CDN-Cache-Control")).contains("max-age=10000");
    // A field that is not a valid structured dictionary is ignored as a whole.
    serve("/cdn-invalid", "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=10000, &&&");
    get("/cdn-invalid");
    assertThat(get("/cdn-invalid").body()).isEqualTo("/cdn-invalid #2");
  }

  @Test
  void earlyHintsReachTheClientAndAreNeverStored() throws Exception {
    origin.route("/hints", (request, n) -> request.response()
        .writeEarlyHints(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Link", "</style.css>; rel=preload"))
        .onComplete(v -> request.response().putHeader("Cache-Control", "max-age=600").end("hinted #" + n)));
    List<String> first = rawGet("/hints");
    assertThat(first.get(0)).startsWith("HTTP/1.1 103");
    assertThat(first).anyMatch(line -> line.startsWith("HTTP/1.1 200"));
    List<String> second = rawGet("/hints");
    assertThat(second.get(0)).startsWith("HTTP/1.1 200");
    assertThat(second).noneMatch(line -> line.startsWith("HTTP/1.1 103"));
    assertThat(second).anyMatch(line -> line.equalsIgnoreCase("X-Cache: HIT"));
    assertThat(count("/hints")).isEqualTo(1);
  }

  @Test
  void anInterimAnswerTheProxyCannotPassOnNeverBecomesTheAnswerToAnotherRequest() throws Exception {
    // A 102 Processing before the final answer to /processing.
    var raw = rawOrigin((path, n) -> (path.contains("processing") ? "HTTP/1.1 102 Processing\r\n\r\n" : "")
        + answer(String.valueOf(("answer to " + path).length()), "answer to " + path));
    String base = "http://127.0.0.1:" + raw.actualPort();
    HttpResponse<String> interim = client.send(HttpRequest.newBuilder(URI.create(base + "/processing")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(interim.statusCode()).isEqualTo(502);
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "/next" + i)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(next.body()).isEqualTo("answer to /next" + i);
    }
  }

  @Test
  void anOriginAnswerLongerThanItsContentLengthDoesNotSpoilTheNextRequestOnItsConnection() throws Exception {
    // The first answer carries 26 bytes more than its Content-Length says.
    var raw = rawOrigin((path, n) -> n == 1 ? answer("10", "answer to " + path + "-and-26-bytes-past-its-end")
        : answer(String.valueOf(("answer to " + path).length()), "answer to " + path));
    String base = "http://127.0.0.1:" + raw.actualPort();
    HttpResponse<String> misframed = client.send(HttpRequest.newBuilder(URI.create(base + "/first")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(misframed.body()).isEqualTo("answer to ");
    for (String method : List.of("GET", "PUT")) {
      HttpResponse<String> next = client.send(HttpRequest.newBuilder(URI.create(base + "/" + method))
          .method(method, HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(next.body()).isEqualTo("answer to /" + method);
    }
  }

  /**
   * An origin that speaks HTTP/1.1 by hand, for answers a real server would not send: {@code answer}
   * gets each request's path and its number among all the requests the origin has had (from 1)
   * and gives the bytes to send back. Request bodies are read by their Content-Length and ignored.
   */
  private NetServer rawOrigin(BiFunction<String, Integer, String> answer) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    return vertx.createNetServer().connectHandler(socket -> {
      StringBuilder received = new StringBuilder();
      socket.handler(bytes -> {
        received.append(bytes.toString(StandardCharsets.ISO_8859_1));
        int end;
        while ((end = received.indexOf("\r\n\r\n")) >= 0) {
          String head = received.substring(0, end);
          Matcher length = CONTENT_LENGTH.matcher(head);
          int whole = end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
          if (received.length() < whole) {
            return;
          }
          String path = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/1.1"));
          received.delete(0, whole);
          socket.write(answer.apply(path, answered.incrementAndGet()));
        }
      });
    }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
  }

  private static String answer(String contentLength, String body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + contentLength + "\r\n\r\n" + body;
  }

  /** The status and header lines of the proxy's answers to one absolute-form GET, read to the final answer's headers' end. */
  private List<String> rawGet(String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", proxy.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + url(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      List<String> lines = new ArrayList<>();
      boolean interim = true;
      while (interim) {
        String status = in.readLine();
        lines.add(status);
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          lines.add(line);
        }
        interim = status != null && status.startsWith("HTTP/1.1 1");
      }
      return lines;
    }
  }
}
