package dev.chatnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Failure;
import dev.chatnet.protocol.bus.ProxyReply;
import dev.chatnet.protocol.bus.ProxyRequest;
import dev.chatnet.protocol.bus.ProxySettings;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The proxy-service over the event bus, against a local origin: fetches, failures, privacy and the cache. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyVerticleTest {

  private static final ProxySettings CACHING = ProxySettings.DEFAULTS.withCaching(true);

  private Vertx vertx;
  private TestOrigin origin;
  @TempDir
  Path dataDir;
  private ProxyVerticle proxy;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    origin = TestOrigin.start(vertx).await(10, TimeUnit.SECONDS);
    proxy = deploy(config());
  }

  private JsonObject config() {
    return new JsonObject()
        .put("data-dir", dataDir.toString())
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("proxy-timeout", 1500L)
        .put("proxy-max-response", 1024L * 1024)
        .put("proxy-deny", "169.254.0.0/16,127.0.0.2/32");
  }

  private ProxyVerticle deploy(JsonObject config) throws Exception {
    ProxyVerticle verticle = new ProxyVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    return verticle;
  }

  private Future<ProxyReply> send(String method, String url, ProxySettings settings, String user, String password,
                                  Map<String, String> form) {
    ProxyRequest request = new ProxyRequest(method, url, form, user, password, settings, "10.1.2.3");
    return vertx.eventBus().<JsonObject>request(Addresses.PROXY_FETCH, JsonObject.mapFrom(request),
            new DeliveryOptions().setSendTimeout(10_000))
        .map(m -> m.body().mapTo(ProxyReply.class));
  }

  private ProxyReply fetch(String method, String path, ProxySettings settings) throws Exception {
    return send(method, origin.url(path), settings, null, null, Map.of()).await(15, TimeUnit.SECONDS);
  }

  private ProxyReply get(String path, ProxySettings settings) throws Exception {
    return fetch("GET", path, settings);
  }

  private ReplyException failure(String method, String url) {
    try {
      send(method, url, ProxySettings.DEFAULTS, null, null, Map.of()).await(15, TimeUnit.SECONDS);
    } catch (ReplyException e) {
      return e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the request to " + url + " succeeded");
  }

  @Test
  void statusAnswersWhenTheServiceIsUp() throws Exception {
    JsonObject status = vertx.eventBus().<JsonObject>request(Addresses.PROXY_STATUS, new JsonObject())
        .await(10, TimeUnit.SECONDS).body();
    assertThat(status.getInteger("port")).isEqualTo(proxy.port());
  }

  @Test
  void getHeadAndPostReachTheOrigin() throws Exception {
    ProxyReply page = get("/", ProxySettings.DEFAULTS);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.reason()).isEqualTo("OK");
    assertThat(page.body()).isEqualTo("<!doctype html>\n<p>hello from the origin</p>\n");
    assertThat(page.cached()).isFalse();

    ProxyReply head = fetch("HEAD", "/", ProxySettings.DEFAULTS);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.headers()).contains("Content-Type: text/html");
    assertThat(head.body()).isEmpty();

    ProxyReply post = send("POST", origin.url("/echo"), ProxySettings.DEFAULTS, null, null,
        Map.of("name", "Nina Müller", "city", "Berlin")).await(15, TimeUnit.SECONDS);
    assertThat(post.body()).startsWith("POST ").contains("name=Nina+M%C3%BCller").contains("city=Berlin");
    assertThat(origin.last("/echo").headers().get("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void getFollowsRedirectsAndHeadDoesNot() throws Exception {
    ProxyReply followed = get("/moved", ProxySettings.DEFAULTS);
    assertThat(followed.status()).isEqualTo(200);
    assertThat(followed.body()).isEqualTo("you found the target");
    assertThat(fetch("HEAD", "/moved", ProxySettings.DEFAULTS).status()).isEqualTo(301);
    assertThat(get("/missing", ProxySettings.DEFAULTS).status()).isEqualTo(404);
  }

  @Test
  void basicCredentialsGoOnlyWhenAuthenticationIsOn() throws Exception {
    assertThat(get("/secret", ProxySettings.DEFAULTS).status()).isEqualTo(401);
    ProxySettings auth = ProxySettings.DEFAULTS.withAuthentication(true);
    ProxyReply in = send("GET", origin.url("/secret"), auth, TestOrigin.USER, TestOrigin.PASSWORD, Map.of())
        .await(15, TimeUnit.SECONDS);
    assertThat(in.status()).isEqualTo(200);
    assertThat(in.body()).startsWith("the secret");
    // HEAD never carries them (SPEC: authentication does not work with HEAD).
    send("HEAD", origin.url("/secret"), auth, TestOrigin.USER, TestOrigin.PASSWORD, Map.of()).await(15, TimeUnit.SECONDS);
    assertThat(origin.last("/secret").headers().contains("Authorization")).isFalse();
  }

  @Test
  void eachFailureIsOneClearLine() throws Exception {
    ReplyException badUrl = failure("GET", "example.com");
    assertThat(Failure.of(badUrl)).isEqualTo(Failure.INVALID_INPUT);
    assertThat(badUrl.getMessage()).isEqualTo("Bad URL 'example.com': it must start with http:// or https://");

    ReplyException method = failure("PUT", origin.url("/"));
    assertThat(Failure.of(method)).isEqualTo(Failure.INVALID_INPUT);
    assertThat(method.getMessage()).isEqualTo("The method PUT is not supported; use GET, HEAD or POST.");

    ReplyException unknown = failure("GET", "http://no-such-host.invalid/");
    assertThat(unknown.getMessage()).isEqualTo("Unknown host: no-such-host.invalid");

    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    assertThat(failure("GET", "http://127.0.0.1:" + closed + "/").getMessage())
        .isEqualTo("The connection to 127.0.0.1:" + closed + " was refused.");

    assertThat(failure("GET", origin.url("/slow")).getMessage())
        .isEqualTo("No answer from 127.0.0.1:" + origin.port() + " in time (the limit is 1.5 s).");

    assertThat(failure("GET", origin.url("/huge")).getMessage())
        .isEqualTo("The response is larger than the proxy's limit of 1048576 bytes.");

    ReplyException denied = failure("GET", "http://127.0.0.2:" + origin.port() + "/");
    assertThat(Failure.of(denied)).isEqualTo(Failure.NOT_ALLOWED);
    assertThat(denied.getMessage()).isEqualTo("Requests to 127.0.0.2 (127.0.0.2) are not allowed by this proxy.");
  }

  @Test
  void theIpv6FormsOfADeniedAddressAreDeniedToo() throws Exception {
    for (String host : new String[] {"[::ffff:127.0.0.2]", "[::127.0.0.2]", "[64:ff9b::7f00:2]"}) {
      ReplyException denied = failure("GET", "http://" + host + ":" + origin.port() + "/");
      assertThat(Failure.of(denied)).as(host).isEqualTo(Failure.NOT_ALLOWED);
    }
    assertThat(origin.count("/")).isZero();
  }

  @Test
  void aRedirectToADeniedAddressIsDeniedAtThatHop() throws Exception {
    String to = "http://[::ffff:127.0.0.2]:" + origin.port() + "/target";
    ReplyException denied = failure("GET", origin.url("/redirect?to=" + java.net.URLEncoder.encode(to, StandardCharsets.UTF_8)));
    assertThat(Failure.of(denied)).isEqualTo(Failure.NOT_ALLOWED);
    assertThat(origin.count("/redirect")).isEqualTo(1);
    assertThat(origin.count("/target")).isZero();
  }

  @Test
  void theDefaultPolicyDeniesTheUnspecifiedAddress() throws Exception {
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);
    proxy = deploy(config().put("proxy-deny", ProxyConfig.defaults().getString("proxy-deny")));
    for (String host : new String[] {"[::]", "0.0.0.0", "[::ffff:127.0.0.1]", "127.0.0.1"}) {
      ReplyException denied = failure("GET", "http://" + host + ":" + origin.port() + "/");
      assertThat(Failure.of(denied)).as(host).isEqualTo(Failure.NOT_ALLOWED);
    }
    assertThat(origin.count("/")).isZero();
  }

  @Test
  void aResponseOverTheLimitIsAbandonedNotReadToTheEnd() throws Exception {
    assertThat(failure("GET", origin.url("/endless")).getMessage())
        .isEqualTo("The response is larger than the proxy's limit of 1048576 bytes.");
    // At once: well before the 1.5 s time limit could have ended it.
    origin.endlessClosed().await(1, TimeUnit.SECONDS);
  }

  @Test
  void anHttpsOriginMustHaveACertificateTheProxyTrusts() throws Exception {
    TestOrigin tls = TestOrigin.startTls(vertx).await(10, TimeUnit.SECONDS);
    ReplyException untrusted = failure("GET", "https://127.0.0.1:" + tls.port() + "/");
    assertThat(Failure.of(untrusted)).isEqualTo(Failure.UNAVAILABLE);
    assertThat(untrusted.getMessage()).startsWith("The request to 127.0.0.1:" + tls.port() + " failed: ");
    assertThat(tls.count("/")).isZero();
  }

  @Test
  void aLongBodyIsCutAtTheLimitWithACount() throws Exception {
    ProxyReply large = get("/large", ProxySettings.DEFAULTS);
    assertThat(large.body()).hasSize(64 * 1024);
    assertThat(large.truncated()).isEqualTo(100 * 1024 - 64 * 1024);
  }

  @Test
  void privateBrowsingTellsTheOriginNothingOfTheClient() throws Exception {
    ProxyReply hidden = get("/", ProxySettings.DEFAULTS);
    assertThat(hidden.sourceAddress()).isEqualTo("127.0.0.1");
    TestOrigin.Seen seen = origin.last("/");
    assertThat(seen.headers().names()).doesNotContain("Forwarded", "X-Forwarded-For", "forwarded", "x-forwarded-for");
    assertThat(seen.headers().entries()).noneMatch(h -> h.getValue().contains("10.1.2.3"));

    ProxyReply shown = get("/", ProxySettings.DEFAULTS.withPrivateBrowsing(false));
    assertThat(shown.sourceAddress()).isEqualTo("10.1.2.3");
    seen = origin.last("/");
    assertThat(seen.headers().get("Forwarded")).isEqualTo("for=10.1.2.3");
    assertThat(seen.headers().get("X-Forwarded-For")).isEqualTo("10.1.2.3");
  }

  @Test
  void aCachedResponseIsFetchedOnceAndThenServedFromTheCache() throws Exception {
    ProxyReply first = get("/cacheable", CACHING);
    ProxyReply second = get("/cacheable", CACHING);
    assertThat(first.cached()).isFalse();
    assertThat(second.cached()).isTrue();
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(origin.count("/cacheable")).isEqualTo(1);
    // Caching off: straight to the origin, and HEAD and POST never come from the cache.
    assertThat(get("/cacheable", ProxySettings.DEFAULTS).cached()).isFalse();
    assertThat(fetch("HEAD", "/cacheable", CACHING).cached()).isFalse();
    assertThat(origin.count("/cacheable")).isEqualTo(3);

    ProxyCache.Indexed indexed = proxy.cache().indexed(URI.create(origin.url("/cacheable")));
    assertThat(indexed.url()).isEqualTo("http://127.0.0.1:" + origin.port() + "/cacheable");
    assertThat(indexed.domain()).isEqualTo("127.0.0.1");
    assertThat(dataDir.resolve("proxy-cache").resolve(indexed.id() + ".entry")).exists();
  }

  @Test
  void aStaleEntryIsRevalidatedAndA304ServesTheStoredCopy() throws Exception {
    ProxyReply first = get("/etag", CACHING);
    ProxyReply second = get("/etag", CACHING);
    assertThat(second.cached()).isTrue();
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.body()).isEqualTo(first.body()).isEqualTo("tagged #1");
    assertThat(origin.count("/etag")).isEqualTo(2);
    assertThat(origin.last("/etag").headers().get("If-None-Match")).isEqualTo("\"v1\"");

    get("/last-modified", CACHING);
    ProxyReply dated = get("/last-modified", CACHING);
    assertThat(dated.cached()).isTrue();
    assertThat(dated.body()).isEqualTo("dated #1");
    assertThat(origin.last("/last-modified").headers().get("If-Modified-Since")).isEqualTo(TestOrigin.LAST_MODIFIED);

    // Last-Modified alone: fresh for a tenth of its age, so served without asking.
    get("/heuristic", CACHING);
    assertThat(get("/heuristic", CACHING).cached()).isTrue();
    assertThat(origin.count("/heuristic")).isEqualTo(1);
  }

  @Test
  void noStoreAndPrivateResponsesAreNotStored() throws Exception {
    for (String path : new String[] {"/no-store", "/private"}) {
      assertThat(get(path, CACHING).cached()).isFalse();
      assertThat(get(path, CACHING).cached()).isFalse();
      assertThat(origin.count(path)).isEqualTo(2);
      assertThat(proxy.cache().indexed(URI.create(origin.url(path)))).isNull();
    }
  }

  @Test
  void aResponseToCredentialsIsNotSharedWithOthers() throws Exception {
    ProxySettings auth = CACHING.withAuthentication(true);
    ProxyReply alice = send("GET", origin.url("/secret"), auth, TestOrigin.USER, TestOrigin.PASSWORD, Map.of())
        .await(15, TimeUnit.SECONDS);
    assertThat(alice.status()).isEqualTo(200);
    ProxyReply stranger = get("/secret", CACHING);
    assertThat(stranger.status()).isEqualTo(401);
    assertThat(stranger.cached()).isFalse();
    assertThat(origin.count("/secret")).isEqualTo(2);
  }

  @Test
  void aRestartRebuildsTheIndexFromTheDirectory() throws Exception {
    get("/cacheable", CACHING);
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);
    ProxyVerticle restarted = deploy(config());
    assertThat(restarted.cache().size()).isEqualTo(1);
    assertThat(restarted.cache().indexed(URI.create(origin.url("/cacheable")))).isNotNull();
    assertThat(get("/cacheable", CACHING).cached()).isTrue();
    assertThat(origin.count("/cacheable")).isEqualTo(1);
  }

  @Test
  void aHalfWrittenFileIsNeverServed() throws Exception {
    String key = ProxyCache.key(URI.create(origin.url("/cacheable")));
    Path cacheDir = dataDir.resolve("proxy-cache");
    Path file = cacheDir.resolve(ProxyCache.idOf(key) + ".entry");
    String header = new JsonObject().put("id", ProxyCache.idOf(key)).put("url", key).put("domain", "127.0.0.1")
        .put("status", 200).put("reason", "OK").put("headers", new io.vertx.core.json.JsonArray())
        .put("vary", new JsonObject()).put("responseTime", System.currentTimeMillis())
        .put("storedAt", System.currentTimeMillis()).put("bodyLength", 1000).encode();
    Files.writeString(file, header + "\nonly part of the bo", StandardCharsets.UTF_8);
    Files.writeString(cacheDir.resolve(ProxyCache.idOf(key) + ".abc.tmp"), "a write in progress");

    ProxyReply reply = get("/cacheable", CACHING);
    assertThat(reply.cached()).isFalse();
    assertThat(reply.body()).isEqualTo("cacheable #1\n");
    assertThat(origin.count("/cacheable")).isEqualTo(1);
    // The whole entry replaced the broken one, and it serves now.
    assertThat(get("/cacheable", CACHING).cached()).isTrue();
  }

  @Test
  void theCacheEvictsTheLeastRecentlyUsedPastItsBound() throws Exception {
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);
    // Room for about two entries of /cacheable.
    ProxyVerticle small = deploy(config().put("proxy-cache-max-bytes", 2 * 700L));
    get("/cacheable", CACHING);
    long one = small.cache().totalBytes();
    vertx.undeploy(vertx.deploymentIDs().iterator().next()).await(10, TimeUnit.SECONDS);
    Files.list(dataDir.resolve("proxy-cache")).forEach(f -> f.toFile().delete());
    small = deploy(config().put("proxy-cache-max-bytes", 2 * one + one / 2));
    get("/cacheable?a", CACHING);
    get("/cacheable?b", CACHING);
    get("/cacheable?a", CACHING); // a is now the most recently used
    get("/cacheable?c", CACHING);
    assertThat(small.cache().size()).isEqualTo(2);
    assertThat(small.cache().indexed(URI.create(origin.url("/cacheable?b")))).isNull();
    assertThat(small.cache().indexed(URI.create(origin.url("/cacheable?a")))).isNotNull();
    assertThat(small.cache().indexed(URI.create(origin.url("/cacheable?c")))).isNotNull();
  }
}
