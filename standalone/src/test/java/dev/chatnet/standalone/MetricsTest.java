package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.proxy.TestOrigin;
import dev.chatnet.runtime.Health;
import dev.chatnet.runtime.Node;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on the health port after real traffic through the real client and the proxy port. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsTest {

  @TempDir
  Path dataDir;

  private static final Pattern CLIENT_ID = Pattern.compile("Client ID: (\\d+)\n");

  private final List<CliProcess> clients = new ArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private Node node;
  private int port;
  private int proxyPort;
  private int healthPort;
  private TestOrigin origin;

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket free = new ServerSocket(0)) {
      proxyPort = free.getLocalPort();
    }
    JsonObject config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", proxyPort)
        .put("proxy-deny", "169.254.0.0/16")
        .put("health-host", "127.0.0.1")
        .put("health-port", 0)
        .put("shutdown-grace", 1)
        .put("data-dir", dataDir.toString());
    node = Node.start(config).await(30, TimeUnit.SECONDS);
    port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
    healthPort = Health.start(node, config, "chatnet-standalone").await(30, TimeUnit.SECONDS).port();
    origin = TestOrigin.start(node.vertx()).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(CliProcess::close);
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  private String connect(String name) throws Exception {
    CliProcess client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", name);
    clients.add(client);
    Matcher id = CLIENT_ID.matcher(client.await(StandaloneCliTest.MENU));
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  private CliProcess client(int i) {
    return clients.get(i);
  }

  @Test
  void healthSaysWhichProcessAnswers() throws Exception {
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    JsonObject body = new JsonObject(health.body());
    assertThat(body.getString("status")).isEqualTo("UP");
    assertThat(body.getString("service")).isEqualTo("chatnet-standalone");
    assertThat(body.getLong("pid")).isEqualTo(ProcessHandle.current().pid());
  }

  private String scrape() throws Exception {
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
    return metrics.body();
  }

  /** The value of the one series {@code series} (name and labels, as Prometheus prints them). */
  private static double value(String scraped, String series) {
    for (String line : scraped.lines().toList()) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError("no series " + series + " in:\n" + scraped);
  }

  @Test
  void theCountersMoveWithRealTraffic() throws Exception {
    String before = scrape();
    assertThat(value(before, "chatnet_logins_total")).isZero();
    assertThat(value(before, "chatnet_users_online")).isZero();

    connect("Ann");
    String bobId = connect("Bob");
    CliProcess refused = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port));
    clients.add(refused);
    refused.await("Your id key (i.e your name): ");
    refused.type("ann");
    refused.await("The name 'ann' is already taken.\nYour id key (i.e your name): ");

    CliProcess ann = client(0);
    CliProcess bob = client(1);
    for (String text : List.of("one", "two")) {
      ann.type("2");
      ann.await("Enter your message: ");
      ann.type(text);
      ann.await("Enter recipient id: ");
      ann.type(bobId);
      ann.await("Message sent!\n\n" + StandaloneCliTest.MENU);
    }
    ann.type("2");
    ann.await("Enter your message: ");
    ann.type("");
    ann.await("Enter recipient id: ");
    ann.type(bobId);
    ann.await("Nothing was sent.\n\n" + StandaloneCliTest.MENU);
    bob.type("3");
    bob.await("(from: Ann)\n\n" + StandaloneCliTest.MENU);

    ann.type("4");
    ann.await("Enter new chat room id: ");
    ann.type("777");
    ann.await("Waiting for other users to join....\n");
    bob.type("5");
    bob.await("Enter chat room id to join: ");
    bob.type("777");
    bob.await("Type 'bye' to exit this chat room.\n");
    ann.await("Bob joined.\n");
    bob.type("hello room");
    ann.await("Bob> hello room\n");

    HttpClient viaProxy = HttpClient.newBuilder().proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", proxyPort)))
        .connectTimeout(Duration.ofSeconds(5)).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> page = viaProxy.send(HttpRequest.newBuilder(URI.create(origin.url("/cacheable"))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).isEqualTo("cacheable #1\n");
    }

    String after = scrape();
    assertThat(value(after, "chatnet_logins_total")).isEqualTo(2);
    assertThat(value(after, "chatnet_users_online")).isEqualTo(2);
    assertThat(value(after, "chatnet_login_refusals_total{reason=\"name_taken\"}")).isEqualTo(1);
    assertThat(value(after, "chatnet_direct_messages_deposited_total")).isEqualTo(2);
    assertThat(value(after, "chatnet_direct_messages_drained_total")).isEqualTo(2);
    assertThat(value(after, "chatnet_direct_messages_refused_total{reason=\"invalid_input\"}")).isEqualTo(1);
    assertThat(value(after, "chatnet_room_lines_total")).isEqualTo(1);
    // Bob's join notice and his line, each to Ann.
    assertThat(value(after, "chatnet_room_deliveries_total")).isEqualTo(2);
    assertThat(value(after, "chatnet_proxy_requests_total{outcome=\"origin\",via=\"port\"}")).isEqualTo(1);
    assertThat(value(after, "chatnet_proxy_requests_total{outcome=\"hit\",via=\"port\"}")).isEqualTo(1);
    assertThat(value(after, "chatnet_proxy_cache_hits_total")).isEqualTo(1);
    assertThat(value(after, "chatnet_proxy_cache_misses_total")).isEqualTo(1);
    assertThat(value(after, "chatnet_bus_requests_seconds_count{address=\"mailbox.deposit\"}")).isEqualTo(3);
    assertThat(after).contains("chatnet_bus_requests_seconds{address=\"mailbox.deposit\",quantile=\"0.99\"}");
    // Vert.x's own meters: the event bus, by the services' addresses only.
    assertThat(value(after, "vertx_eventbus_handlers{address=\"mailbox.deposit\"}")).isPositive();
    assertThat(after).doesNotContain("address=\"chatroom.room.777\"").doesNotContain("__vertx.reply");

    bob.type("bye");
    bob.await(StandaloneCliTest.MENU);
    bob.type("7");
    bob.await("Disconnected from server. Goodbye!\n");
    assertThat(bob.awaitExit()).isZero();
    // The server counts Bob out when it has closed his connection, which may be just after he exits.
    String gone = scrape();
    for (long deadline = System.currentTimeMillis() + 10_000;
         value(gone, "chatnet_users_online") != 1 && System.currentTimeMillis() < deadline; gone = scrape()) {
      Thread.sleep(20);
    }
    assertThat(value(gone, "chatnet_users_online")).isEqualTo(1);
    assertThat(value(gone, "chatnet_clients_disconnected_total{reason=\"quit\"}")).isEqualTo(1);
  }
}
