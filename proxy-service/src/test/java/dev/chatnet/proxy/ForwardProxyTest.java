package dev.chatnet.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The forward-proxy port with a real HTTP client (the JDK's), as curl -x or a browser would use it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardProxyTest {

  private Vertx vertx;
  private TestOrigin origin;
  @TempDir
  Path dataDir;
  private ProxyVerticle proxy;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    origin = TestOrigin.start(vertx).await(10, TimeUnit.SECONDS);
    proxy = deploy();
  }

  private ProxyVerticle deploy() throws Exception {
    return deploy("169.254.0.0/16,127.0.0.2/32");
  }

  private ProxyVerticle deploy(String deny) throws Exception {
    JsonObject config = new JsonObject()
        .put("data-dir", dataDir.toString())
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("proxy-timeout", 1500L)
        .put("proxy-max-response", 1024L * 1024)
        .put("proxy-deny", deny);
    ProxyVerticle verticle = new ProxyVerticle();
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
    return verticle;
  }

  private static HttpClient client(int proxyPort) throws Exception {
    SSLContext trustAll = SSLContext.getInstance("TLS");
    trustAll.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
        .version(HttpClient.Version.HTTP_1_1)
        .sslContext(trustAll)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
    return client.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return send(client(proxy.port()), HttpRequest.newBuilder(URI.create(url)));
  }

  @Test
  void aLoggedUrlKeepsNeitherItsUserInfoNorItsQuery() {
    assertThat(ForwardProxy.loggable("http://ann:secret@example.test:8080/a/b?token=x#f")).isEqualTo("http://example.test/a/b");
    assertThat(ForwardProxy.loggable("/relative?token=x")).isEqualTo("(a path)");
    assertThat(ForwardProxy.loggable("http://bad host/")).isEqualTo("(a URL that does not parse)");
  }

  @Test
  void absoluteFormRequestsGoThroughWithViaAndWithoutTheClientsAddress() throws Exception {
    HttpResponse<String> page = get(origin.url("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("<!doctype html>\n<p>hello from the origin</p>\n");
    assertThat(page.headers().firstValue("Via")).contains("1.1 chatnet-proxy");
    TestOrigin.Seen seen = origin.last("/");
    assertThat(seen.headers().get("Via")).isEqualTo("1.1 chatnet-proxy");
    assertThat(seen.headers().contains("Forwarded")).isFalse();
    assertThat(seen.headers().contains("X-Forwarded-For")).isFalse();
    assertThat(seen.headers().contains("Proxy-Connection")).isFalse();

    HttpClient client = client(proxy.port());
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      HttpResponse<String> echoed = send(client, HttpRequest.newBuilder(URI.create(origin.url("/echo")))
          .method(method, HttpRequest.BodyPublishers.ofString("a=1")));
      assertThat(echoed.body()).isEqualTo(method + " a=1");
    }
    HttpResponse<String> head = send(client, HttpRequest.newBuilder(URI.create(origin.url("/")))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    // A forward proxy passes redirects on rather than following them.
    assertThat(get(origin.url("/moved")).statusCode()).isEqualTo(301);
  }

  @Test
  void theSharedCacheServesThePortToo() throws Exception {
    assertThat(get(origin.url("/cacheable")).headers().firstValue("X-Cache")).contains("MISS");
    HttpResponse<String> again = get(origin.url("/cacheable"));
    assertThat(again.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(again.headers().firstValue("Age")).isPresent();
    assertThat(again.body()).isEqualTo("cacheable #1\n");
    assertThat(origin.count("/cacheable")).isEqualTo(1);
  }

  @Test
  void aStoredVariantAnswersOnlyRequestsThatSelectIt() throws Exception {
    HttpClient client = client(proxy.port());
    HttpRequest.Builder german = HttpRequest.newBuilder(URI.create(origin.url("/vary"))).header("Accept-Language", "de");
    HttpRequest.Builder french = HttpRequest.newBuilder(URI.create(origin.url("/vary"))).header("Accept-Language", "fr");
    assertThat(send(client, german).body()).isEqualTo("lang=de");
    HttpResponse<String> again = send(client, german);
    assertThat(again.headers().firstValue("X-Cache")).contains("HIT");
    HttpResponse<String> other = send(client, french);
    assertThat(other.headers().firstValue("X-Cache")).contains("MISS");
    assertThat(other.body()).isEqualTo("lang=fr");
    assertThat(origin.count("/vary")).isEqualTo(2);
  }

  @Test
  void twoInstancesShareOneCacheDirectory() throws Exception {
    ProxyVerticle second = deploy();
    assertThat(get(origin.url("/cacheable")).headers().firstValue("X-Cache")).contains("MISS");
    HttpResponse<String> fromOther = send(client(second.port()), HttpRequest.newBuilder(URI.create(origin.url("/cacheable"))));
    assertThat(fromOther.headers().firstValue("X-Cache")).contains("HIT");
    assertThat(fromOther.body()).isEqualTo("cacheable #1\n");
    assertThat(origin.count("/cacheable")).isEqualTo(1);
  }

  @Test
  void originFailuresAreProperGatewayErrors() throws Exception {
    int closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    HttpResponse<String> refused = get("http://127.0.0.1:" + closed + "/");
    assertThat(refused.statusCode()).isEqualTo(502);
    assertThat(refused.body()).contains("refused");
    assertThat(get("http://no-such-host.invalid/").statusCode()).isEqualTo(502);
    assertThat(get(origin.url("/slow")).statusCode()).isEqualTo(504);
    assertThat(get("http://127.0.0.2:" + origin.port() + "/").statusCode()).isEqualTo(403);
  }

  @Test
  void anOversizedUploadIsRefusedAndNeverReachesTheOrigin() throws Exception {
    HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create(origin.url("/echo")))
        // No length: sent chunked, so only counting can catch it.
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])));
    try {
      assertThat(send(client(proxy.port()), upload).statusCode()).isEqualTo(413);
    } catch (java.io.IOException e) {
      // The proxy closes the connection instead of reading the rest; the client may see that first.
    }
    assertThat(get(origin.url("/")).statusCode()).isEqualTo(200);
    assertThat(origin.count("/echo")).isZero();
  }

  @Test
  void connectTunnelsToATlsOrigin() throws Exception {
    TestOrigin tls = TestOrigin.startTls(vertx).await(10, TimeUnit.SECONDS);
    HttpResponse<String> page = get("https://127.0.0.1:" + tls.port() + "/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).isEqualTo("<!doctype html>\n<p>hello from the origin</p>\n");
    assertThat(tls.count("/")).isEqualTo(1);

    HttpResponse<String> denied = null;
    try {
      denied = get("https://127.0.0.2:" + tls.port() + "/");
    } catch (java.io.IOException e) {
      // The JDK reports a refused CONNECT as an exception naming the status.
      assertThat(e.getMessage()).contains("403");
    }
    if (denied != null) {
      assertThat(denied.statusCode()).isEqualTo(403);
    }
  }

  /** The status line the proxy answers to one raw request, as curl or a hostile client sends it. */
  private static String statusLine(int proxyPort, String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", proxyPort)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void theDefaultPolicyRefusesTheMachineInEveryForm() throws Exception {
    int port = deploy(ProxyConfig.defaults().getString("proxy-deny")).port();
    for (String host : new String[] {"[::]", "[::ffff:127.0.0.1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "0.0.0.0"}) {
      String authority = host + ":" + origin.port();
      assertThat(statusLine(port, "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n"))
          .as("CONNECT " + host).startsWith("HTTP/1.1 403");
      assertThat(statusLine(port, "GET http://" + authority + "/ HTTP/1.1\r\nHost: " + authority
          + "\r\nConnection: close\r\n\r\n")).as("GET " + host).startsWith("HTTP/1.1 403");
    }
    assertThat(origin.count("/")).isZero();
  }

  @Test
  void theMappedFormOfADeniedAddressIsRefused() throws Exception {
    assertThat(get("http://[::ffff:127.0.0.2]:" + origin.port() + "/").statusCode()).isEqualTo(403);
    String authority = "[::ffff:127.0.0.2]:" + origin.port();
    assertThat(statusLine(proxy.port(), "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
  }
}
