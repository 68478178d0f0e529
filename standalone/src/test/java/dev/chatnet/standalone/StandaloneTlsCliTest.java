package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.proxy.TestOrigin;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

/** The gateway with a certificate speaks TLS only: the real client over TLS through every menu option, and what goes wrong reads clearly. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneTlsCliTest {

  @TempDir
  Path dataDir;

  private static final String MENU = StandaloneCliTest.MENU;
  private static final String PROXY_MENU = StandaloneProxyCliTest.proxyMenu("On", "On", "Off");
  private static final Pattern CLIENT_ID = Pattern.compile("Client ID: (\\d+)\n");

  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private final List<CliProcess> clients = new ArrayList<>();
  private Node node;
  private TestOrigin origin;
  private int port;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    JsonObject config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("tls-cert", certificate.certificatePath())
        .put("tls-key", certificate.privateKeyPath())
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        // The test's origin listens on loopback, which the default policy denies.
        .put("proxy-deny", "169.254.0.0/16")
        .put("data-dir", dataDir.toString());
    port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
    origin = TestOrigin.start(node.vertx()).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(CliProcess::close);
    node.vertx().close().await(30, TimeUnit.SECONDS);
    certificate.delete();
  }

  private CliProcess client(String... args) throws Exception {
    CliProcess client = CliProcess.start(args);
    clients.add(client);
    return client;
  }

  /** Connects over TLS, trusting the test's certificate; yields the client id once the menu shows. */
  private String connect(CliProcess client) throws Exception {
    String banner = client.await(MENU);
    assertThat(banner).contains("Successfully connected to server with IP: localhost and port: " + port);
    Matcher id = CLIENT_ID.matcher(banner);
    assertThat(id.find()).isTrue();
    return id.group(1);
  }

  private CliProcess tlsClient(String name) throws Exception {
    return client("--host", "localhost", "--port", String.valueOf(port), "--name", name,
        "--tls-ca", certificate.certificatePath());
  }

  @Test
  void everyMenuOptionWorksOverTls() throws Exception {
    CliProcess nina = tlsClient("Nina");
    String ninaId = connect(nina);
    CliProcess jose = tlsClient("Jose");
    String joseId = connect(jose);

    nina.type("1");
    assertThat(nina.await(MENU)).isEqualTo("1\nUsers in server: Nina:%s, Jose:%s\n\n".formatted(ninaId, joseId));

    nina.type("2");
    nina.await("Enter your message: ");
    nina.type("Over TLS, hello!");
    nina.await("Enter recipient id: ");
    nina.type(joseId);
    assertThat(nina.await(MENU)).isEqualTo(joseId + "\nMessage sent!\n\n");
    jose.type("3");
    assertThat(jose.await(MENU)).startsWith("3\nMy messages:\n").contains(": Over TLS, hello! (from: Nina)\n");

    jose.type("4");
    jose.await("Enter new chat room id: ");
    jose.type("secure");
    jose.await("Waiting for other users to join....\n");
    nina.type("5");
    nina.await("Enter chat room id to join: ");
    nina.type("secure");
    nina.await("Type 'bye' to exit this chat room.\n");
    jose.await("Nina joined.\n");
    nina.type("Nobody on the wire can read this");
    jose.await("Nina> Nobody on the wire can read this\n");
    jose.type("exit");
    jose.await("Chat room secure was closed by Jose.\n\n" + MENU);
    nina.await("Chat room secure was closed by Jose.\n\n" + MENU);

    nina.type("6");
    nina.await(PROXY_MENU);
    nina.type("4");
    nina.await("request> ");
    nina.type("GET " + origin.url("/"));
    assertThat(nina.await(PROXY_MENU)).endsWith("Success 200 OK\n<!doctype html>\n<p>hello from the origin</p>\n\n");
    nina.type("5");
    nina.await("Do you want to continue with the main menu (y/n)?: ");
    nina.type("y");
    nina.await(MENU);

    nina.type("7");
    nina.await("Disconnected from server. Goodbye!\n");
    assertThat(nina.awaitExit()).isZero();
    jose.endInput();
    jose.await("Disconnected from server. Goodbye!\n");
    assertThat(jose.awaitExit()).isZero();
  }

  @Test
  void aClearTextClientIsToldTheServerSpeaksTlsAndExits() throws Exception {
    CliProcess clear = client("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    clear.await("This server speaks TLS only: connect with --tls"
        + " (and --tls-ca FILE when its certificate is not in the system's trust store).\n");
    clear.await("Lost connection to the server.\n");
    assertThat(clear.awaitExit()).isEqualTo(1);

    // A clear-text client that speaks first is told at once.
    try (WireClient raw = WireClient.connect(port)) {
      raw.send(new Frame.Login("Nina", "UTC"));
      Frame.Error refused = raw.expect(Frame.Error.class);
      assertThat(refused.code()).isEqualTo("TLS_REQUIRED");
      assertThat(raw.awaitClosed()).isTrue();
    }
  }

  @Test
  void aCertificateTheClientCannotTrustOrThatNamesAnotherHostIsOneClearLine() throws Exception {
    CliProcess systemTrust = client("--host", "localhost", "--port", String.valueOf(port), "--name", "Nina", "--tls");
    assertThat(systemTrust.await("\n")).isEqualTo("Could not connect to server at localhost:" + port
        + ": the server's certificate is not trusted (give the certificate of its authority with --tls-ca FILE)");
    assertThat(systemTrust.awaitExit()).isEqualTo(1);

    CliProcess byAddress = client("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina",
        "--tls-ca", certificate.certificatePath());
    assertThat(byAddress.await("\n")).isEqualTo("Could not connect to server at 127.0.0.1:" + port
        + ": the server's certificate is not for 127.0.0.1");
    assertThat(byAddress.awaitExit()).isEqualTo(1);
  }

  @Test
  void aTlsClientReachingAClearTextServerIsOneClearLine() throws Exception {
    try (ServerSocket clearServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> {
        try (Socket socket = clearServer.accept(); OutputStream out = socket.getOutputStream()) {
          out.write((Frames.encode(new Frame.Hello(Frame.VERSION, "clear", 65536, 20, 40)) + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          socket.getInputStream().read();
        } catch (Exception e) {
          // The client went away.
        }
      }, "clear-server");
      serving.setDaemon(true);
      serving.start();
      int clearPort = clearServer.getLocalPort();
      CliProcess tls = client("--host", "localhost", "--port", String.valueOf(clearPort), "--name", "Nina",
          "--tls-ca", certificate.certificatePath());
      assertThat(tls.await("\n")).isEqualTo("Could not connect to server at localhost:" + clearPort
          + ": the server does not speak TLS on that port (connect without --tls)");
      assertThat(tls.awaitExit()).isEqualTo(1);
    }
  }
}
