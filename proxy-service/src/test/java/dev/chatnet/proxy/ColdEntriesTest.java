package dev.chatnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.ProxyReply;
import dev.chatnet.protocol.bus.ProxyRequest;
import dev.chatnet.protocol.bus.ProxySettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entries too large for the memory tier: read from their files as they are sent, through the
 * real forward-proxy port and the menu's event-bus address, against a real local origin.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ColdEntriesTest {

  /** Larger than what loopback sockets buffer, so a client that stops reading holds the proxy mid-file. */
  private static final int BIG = 24 * 1024 * 1024;
  private static final int MENU_LIMIT = 64 * 1024;

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
    JsonObject config = new JsonObject()
        .put("data-dir", dataDir.toString())
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("proxy-timeout", 5000L)
        .put("proxy-max-response", 32L * 1024 * 1024)
        .put("proxy-max-body", MENU_LIMIT)
        // An eighth of this, 8 KiB, is the largest entry kept in memory.
        .put("proxy-cache-memory-bytes", 64L * 1024)
        .put("proxy-deny", "169.254.0.0/16");
    proxy = new ProxyVerticle();
    vertx.deployVerticle(proxy, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    client = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxy.port())))
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  @AfterEach
  void noCacheFileIsLeftOpen() throws Exception {
    // Closing a file ends a moment after its last byte is sent: wait for it, boundedly.
    long deadline = System.currentTimeMillis() + 5_000;
    while (openCacheFiles() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(openCacheFiles()).as("cache files still open").isZero();
  }

  /** How many of this process's file descriptors point into the cache directory (Linux). */
  private long openCacheFiles() throws IOException {
    Path cacheDir = dataDir.resolve("proxy-cache").toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).startsWith(cacheDir);
        } catch (IOException e) {
          return false; // Closed while listed.
        }
      }).count();
    }
  }

  private String url(String path) {
    return origin.url(path);
  }

  private int count(String path) {
    return origin.count(path);
  }

  private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      builder.header(headers[i], headers[i + 1]);
    }
    return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  private static String cache(HttpResponse<?> response) {
    return response.headers().firstValue("X-Cache").orElse("");
  }

  /** {@code length} bytes of {@code fill}, with the position written every 1,000 bytes so a misplaced slice shows. */
  private static byte[] content(char fill, int length) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, (byte) fill);
    for (int at = 0; at + 10 < length; at += 1000) {
      byte[] mark = String.format("%09d|", at).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(mark, 0, bytes, at, mark.length);
    }
    return bytes;
  }

  /** Large bodies compared by where they first differ, not printed whole. */
  private static void assertSameBytes(byte[] actual, byte[] expected) {
    assertThat(java.util.Arrays.mismatch(actual, expected)).as("first differing byte of %d received, %d expected",
        actual.length, expected.length).isEqualTo(-1);
  }

  private void serveBig(String path, char fill, String... headers) {
    byte[] body = content(fill, BIG);
    origin.route(path, (request, n) -> {
      for (int i = 0; i < headers.length; i += 2) {
        request.response().putHeader(headers[i], headers[i + 1]);
      }
      request.response().end(Buffer.buffer(body));
    });
  }

  @Test
  void aLargeEntryIsServedWholeFromItsFileAndItsRangesAndConditionsAreAnsweredFromIt() throws Exception {
    serveBig("/big", 'a', "Cache-Control", "max-age=600", "ETag", "\"big\"");
    byte[] expected = content('a', BIG);
    assertThat(cache(get("/big"))).isEqualTo("MISS");

    HttpResponse<byte[]> hit = get("/big");
    assertThat(cache(hit)).isEqualTo("HIT");
    assertThat(hit.headers().firstValue("Content-Length")).contains(String.valueOf(BIG));
    assertSameBytes(hit.body(), expected);

    HttpResponse<byte[]> part = get("/big", "Range", "bytes=5000000-5000999");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range")).contains("bytes 5000000-5000999/" + BIG);
    assertThat(new String(part.body(), StandardCharsets.US_ASCII)).startsWith("005000000|").hasSize(1000);
    assertThat(get("/big", "Range", "bytes=-10").body()).isEqualTo(java.util.Arrays.copyOfRange(expected, BIG - 10, BIG));
    assertThat(get("/big", "Range", "bytes=" + BIG + "-").statusCode()).isEqualTo(416);

    HttpResponse<byte[]> notModified = get("/big", "If-None-Match", "\"big\"");
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    assertThat(get("/big", "Cache-Control", "only-if-cached, max-age=0").statusCode()).isEqualTo(504);
    assertThat(count("/big")).isEqualTo(1);
  }

  @Test
  void theMenuGetsTheFirstBytesOfALargeEntryAndHowMuchWasCut() throws Exception {
    serveBig("/page", 'm', "Cache-Control", "max-age=600");
    ProxyReply first = menuGet("/page");
    ProxyReply second = menuGet("/page");
    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    String expected = new String(content('m', MENU_LIMIT), StandardCharsets.US_ASCII);
    assertThat(second.body()).isEqualTo(expected);
    assertThat(second.truncated()).isEqualTo(BIG - MENU_LIMIT);
    assertThat(count("/page")).isEqualTo(1);
  }

  private ProxyReply menuGet(String path) throws Exception {
    ProxyRequest request = new ProxyRequest("GET", url(path), Map.of(), null, null,
        ProxySettings.DEFAULTS.withCaching(true), "10.1.2.3");
    return vertx.eventBus().<JsonObject>request(Addresses.PROXY_FETCH, JsonObject.mapFrom(request),
            new DeliveryOptions().setSendTimeout(20_000))
        .await(30, TimeUnit.SECONDS).body().mapTo(ProxyReply.class);
  }

  @Test
  void aClientMidWayThroughAnEntryGetsAllOfItWhenTheEntryIsReplacedMeanwhile() throws Exception {
    serveBig("/swap", 'o', "Cache-Control", "max-age=600");
    get("/swap");
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(64 * 1024); // Fixed before connecting, so the kernel cannot take the whole file in.
      slow.connect(new InetSocketAddress("127.0.0.1", proxy.port()));
      slow.setSoTimeout(20_000);
      OutputStream out = slow.getOutputStream();
      out.write(("GET " + url("/swap") + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      String head = readHead(in);
      assertThat(head).startsWith("HTTP/1.1 200").contains("X-Cache: HIT");

      // While this client reads nothing, another removes the entry and stores a new one at the same file name.
      origin.route("/swap", (request, n) -> request.response().end("deleted"));
      assertThat(send("DELETE", "/swap").statusCode()).isEqualTo(200);
      serveBig("/swap", 'n', "Cache-Control", "max-age=600");
      HttpResponse<byte[]> replaced = get("/swap");
      assertThat(cache(replaced)).isEqualTo("MISS");
      assertThat(cache(get("/swap"))).isEqualTo("HIT");

      assertSameBytes(in.readAllBytes(), content('o', BIG));
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void aStaleLargeEntryRenewedByANotModifiedKeepsItsBodyAndTakesTheNewHeaders() throws Exception {
    byte[] body = content('r', BIG);
    origin.route("/renew", (request, n) -> {
      if ("\"r\"".equals(request.getHeader("If-None-Match"))) {
        request.response().setStatusCode(304).putHeader("ETag", "\"r\"").putHeader("Cache-Control", "max-age=600")
            .putHeader("X-Renewed", "yes").end();
      } else {
        // Stale on arrival: max-age=1 and an Age of 5.
        request.response().putHeader("Cache-Control", "max-age=1").putHeader("Age", "5").putHeader("ETag", "\"r\"")
            .end(Buffer.buffer(body));
      }
    });
    get("/renew");
    HttpResponse<byte[]> revalidated = get("/renew");
    assertThat(revalidated.statusCode()).isEqualTo(200);
    assertSameBytes(revalidated.body(), body);
    HttpResponse<byte[]> hit = get("/renew");
    assertThat(cache(hit)).isEqualTo("HIT");
    assertThat(hit.headers().firstValue("X-Renewed")).contains("yes");
    assertSameBytes(hit.body(), body);
    assertThat(count("/renew")).isEqualTo(2);
  }
}
