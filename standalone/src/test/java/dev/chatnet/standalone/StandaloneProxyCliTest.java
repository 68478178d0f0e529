package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.proxy.TestOrigin;
import dev.chatnet.runtime.Node;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SPEC option 6 through the real client against standalone mode, with a local origin server. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneProxyCliTest {

  @TempDir
  Path dataDir;

  private static final String MENU = StandaloneCliTest.MENU;

  private Node node;
  private TestOrigin origin;
  private CliProcess nina;

  static String proxyMenu(String caching, String authentication, String privateBrowsing) {
    return """
        *** Proxy Server Settings ***
        1. Turn web caching %s
        2. Turn authentication %s
        3. Turn private browsing %s
        4. Send a request (GET, HEAD OR POST):
        5. Turn web proxy server off

        Your option <enter a number>:\s""".formatted(caching, authentication, privateBrowsing);
  }

  private static final String DEFAULTS = proxyMenu("On", "On", "Off");

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    JsonObject config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        // The test's origin listens on loopback, which the default policy denies.
        .put("proxy-deny", "169.254.0.0/16")
        .put("proxy-timeout", 2000L)
        .put("data-dir", dataDir.toString());
    int port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
    origin = TestOrigin.start(node.vertx()).await(10, TimeUnit.SECONDS);
    nina = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    nina.await(MENU);
  }

  @AfterEach
  void stop() throws Exception {
    nina.close();
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  /** Picks option 4 with {@code request}; yields what the client printed up to the proxy menu {@code menu}. */
  private String request(String request, String menu) throws Exception {
    nina.type("4");
    nina.await("request> ");
    nina.type(request);
    return nina.await(menu);
  }

  @Test
  void theSettingsMenuAndItsTogglesReadAsTheSpecShows() throws Exception {
    nina.type("6");
    assertThat(nina.await(DEFAULTS)).isEqualTo("6\n\n");
    nina.type("1");
    assertThat(nina.await(proxyMenu("Off", "On", "Off"))).isEqualTo("1\nWeb caching is on\n\n");
    nina.type("2");
    assertThat(nina.await(proxyMenu("Off", "Off", "Off"))).isEqualTo("2\nWeb authentication is on\n\n");
    nina.type("3");
    assertThat(nina.await(proxyMenu("Off", "Off", "On"))).isEqualTo("3\nPrivate browsing is off\n\n");
    nina.type("1");
    nina.type("2");
    nina.type("3");
    nina.await("3\nPrivate browsing is on\n\n" + DEFAULTS);
    nina.type("8");
    nina.await("8\nInvalid option, enter a number from 1 to 5.\nYour option <enter a number>: ");

    nina.type("5");
    assertThat(nina.await("Do you want to continue with the main menu (y/n)?: "))
        .isEqualTo("5\nWeb proxy server is now off\n\n");
    nina.type("maybe");
    nina.await("Do you want to continue with the main menu (y/n)?: ");
    nina.type("y");
    assertThat(nina.await(MENU)).isEqualTo("y\n\n");

    nina.type("6");
    nina.await(DEFAULTS);
    nina.type("5");
    nina.await("Do you want to continue with the main menu (y/n)?: ");
    nina.type("n");
    assertThat(nina.await("Disconnected from server. Goodbye!\n")).isEqualTo("n\n\n");
    assertThat(nina.awaitExit()).isZero();
  }

  @Test
  void requestsReadAsTheSpecShows() throws Exception {
    nina.type("6");
    nina.await(DEFAULTS);

    assertThat(request("GET " + origin.url("/"), DEFAULTS)).isEqualTo("""
        GET %s
        Source IP address: 127.0.0.1
        Success 200 OK
        <!doctype html>
        <p>hello from the origin</p>

        """.formatted(origin.url("/")));

    String head = request("HEAD " + origin.url("/"), DEFAULTS);
    assertThat(head).startsWith("HEAD " + origin.url("/") + "\nSource IP address: 127.0.0.1\nSuccess! 200 OK\n")
        .contains("Content-Type: text/html\n");

    nina.type("4");
    nina.await("request> ");
    nina.type("POST " + origin.url("/echo"));
    nina.await("POST keys separated by comma: ");
    nina.type("name,city");
    nina.await("POST values separated by a comma: ");
    nina.type("Nina,Berlin");
    assertThat(nina.await(DEFAULTS)).isEqualTo("""
        Nina,Berlin
        Source IP address: 127.0.0.1
        Success 200 OK
        POST name=Nina&city=Berlin

        """);
    nina.type("4");
    nina.await("request> ");
    nina.type("POST " + origin.url("/echo"));
    nina.await("POST keys separated by comma: ");
    nina.type("a,b,c");
    nina.await("POST values separated by a comma: ");
    nina.type("1,2");
    assertThat(nina.await(DEFAULTS))
        .isEqualTo("1,2\nThere are 3 POST keys but 2 values; give one value for each key. Nothing was sent.\n\n");

    assertThat(request("GET " + origin.url("/missing"), DEFAULTS))
        .endsWith("Source IP address: 127.0.0.1\nRequest failed with status code 404\n\n");
    assertThat(request("HEAD " + origin.url("/moved"), DEFAULTS))
        .endsWith("Request failed with status code 301\n\n");
    assertThat(request("GET " + origin.url("/moved"), DEFAULTS))
        .endsWith("Success 200 OK\nyou found the target\n\n");
    assertThat(request("GET http://no-such-host.invalid/", DEFAULTS))
        .endsWith("\nUnknown host: no-such-host.invalid\n\n");
    assertThat(request("GET " + origin.url("/slow"), DEFAULTS))
        .endsWith("\nNo answer from 127.0.0.1:" + origin.port() + " in time (the limit is 2.0 s).\n\n");
    assertThat(request("GET example.com", DEFAULTS))
        .endsWith("\nBad URL 'example.com': it must start with http:// or https://\n\n");
    assertThat(request("PUT " + origin.url("/"), DEFAULTS))
        .endsWith("\nThe method PUT is not supported; use GET, HEAD or POST.\n\n");
    assertThat(request("GET " + origin.url("/large"), DEFAULTS))
        .endsWith("x".repeat(100) + "\n... (" + (100 * 1024 - 64 * 1024) + " more bytes not shown)\n\n");
  }

  @Test
  void authenticationCachingAndPrivateBrowsingReadAsTheSpecShows() throws Exception {
    nina.type("6");
    nina.await(DEFAULTS);
    assertThat(request("GET " + origin.url("/secret"), DEFAULTS)).endsWith("""
        Source IP address: 127.0.0.1
        401 Unauthorized. Activate authentication in your proxy server and try again.

        """);

    nina.type("2");
    String authOn = proxyMenu("On", "Off", "Off");
    nina.await(authOn);
    nina.type("4");
    nina.await("request> ");
    nina.type("GET " + origin.url("/secret"));
    nina.await("Username: ");
    nina.type(TestOrigin.USER);
    nina.await("Password: ");
    nina.type(TestOrigin.PASSWORD);
    assertThat(nina.await(authOn)).isEqualTo("\nSource IP address: 127.0.0.1\nSuccess 200 OK\nthe secret #2\n\n");
    assertThat(nina.output()).doesNotContain(TestOrigin.PASSWORD);
    assertThat(request("HEAD " + origin.url("/"), authOn))
        .startsWith("HEAD " + origin.url("/") + "\nNote: authentication does not work with HEAD request\n"
            + "Source IP address: 127.0.0.1\nSuccess! 200 OK\n");
    nina.type("2");
    nina.await(DEFAULTS);

    nina.type("1");
    String cachingOn = proxyMenu("Off", "On", "Off");
    nina.await(cachingOn);
    assertThat(request("GET " + origin.url("/cacheable"), cachingOn)).endsWith("Success 200 OK\ncacheable #1\n\n");
    assertThat(request("GET " + origin.url("/cacheable"), cachingOn)).endsWith("Success 200 OK (cache)\ncacheable #1\n\n");
    assertThat(origin.count("/cacheable")).isEqualTo(1);

    // Private browsing off: the origin is told the client's address (here the loopback one).
    nina.type("3");
    String open = proxyMenu("Off", "On", "On");
    nina.await(open);
    assertThat(request("GET " + origin.url("/"), open)).contains("Source IP address: 127.0.0.1\nSuccess 200 OK\n");
    assertThat(origin.last("/").headers().get("Forwarded")).isEqualTo("for=127.0.0.1");
    assertThat(origin.last("/").headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
  }
}
