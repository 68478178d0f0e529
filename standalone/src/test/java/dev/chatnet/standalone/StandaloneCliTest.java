package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.runtime.Node;
import io.vertx.core.json.JsonObject;
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

/** SPEC options 1, 2, 3 and 7 through the real client against standalone mode. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneCliTest {

  @TempDir
  Path dataDir;

  static final String MENU = """
      ****** TCP Message App ******
      -----------------------
      Options Available:
      1. Get user list
      2. Send a message
      3. Get my messages
      4. Create a new chat room
      5. Join an existing chat room
      6. Turn web proxy server on
      7. Disconnect from server

      Your option <enter a number>:\s""";

  private static final Pattern CLIENT_ID = Pattern.compile("Client ID: (\\d+)\n");
  private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");

  private final List<CliProcess> clients = new ArrayList<>();
  private Node node;
  private int port;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    JsonObject config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("gateway-instances", 2)
        .put("shutdown-grace", 1)
        .put("data-dir", dataDir.toString());
    port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
  }

  @AfterEach
  void stop() throws Exception {
    clients.forEach(CliProcess::close);
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  private CliProcess client(String... args) throws Exception {
    CliProcess client = CliProcess.start(args);
    clients.add(client);
    return client;
  }

  /** Starts a client with everything on its command line; yields its client id once the menu shows. */
  private String connect(CliProcess client) throws Exception {
    String banner = client.await(MENU);
    Matcher id = CLIENT_ID.matcher(banner);
    assertThat(id.find()).as("the client id in:%n%s", banner).isTrue();
    return id.group(1);
  }

  @Test
  void theHandshakeAsksForWhatTheCommandLineDidNotGive() throws Exception {
    CliProcess nina = client();
    nina.await("Enter the server IP Address: ");
    nina.type("127.0.0.1");
    nina.await("Enter the server port: ");
    nina.type("not a port");
    nina.await("The port must be a number from 1 to 65535.\nEnter the server port: ");
    nina.type(String.valueOf(port));
    nina.await("Your id key (i.e your name): ");
    nina.type("Nina");
    String banner = nina.await(MENU);
    assertThat(banner).matches("""
        Nina
        Successfully connected to server with IP: 127.0.0.1 and port: %d
        Your client info is:
        Client Name: Nina
        Client ID: \\d+

        """.formatted(port));

    CliProcess other = client("--host", "127.0.0.1", "--port", String.valueOf(port));
    other.await("Your id key (i.e your name): ");
    other.type("nina");
    other.await("nina\nThe name 'nina' is already taken.\nYour id key (i.e your name): ");
    other.type("bad name!");
    other.await("The name may only hold letters, digits, '_', '-' and '.'.\nYour id key (i.e your name): ");
    other.type("Nina2");
    assertThat(other.await(MENU)).contains("Client Name: Nina2");
  }

  @Test
  void usersListMessagesAndDisconnectReadAsTheSpecShows() throws Exception {
    String portArg = String.valueOf(port);
    CliProcess nina = client("--host", "127.0.0.1", "--port", portArg, "--name", "Nina");
    String ninaId = connect(nina);
    CliProcess jose = client("--host", "127.0.0.1", "--port", portArg, "--name", "Jose");
    String joseId = connect(jose);
    CliProcess bob = client("--host", "127.0.0.1", "--port", portArg, "--name", "Bob");
    String bobId = connect(bob);

    // Option 1
    jose.type("1");
    assertThat(jose.await(MENU)).isEqualTo("1\nUsers in server: Nina:%s, Jose:%s, Bob:%s\n\n".formatted(ninaId, joseId, bobId));

    // Option 2, and its errors
    nina.type("2");
    nina.await("Enter your message: ");
    nina.type("Hello World!");
    nina.await("Enter recipient id: ");
    nina.type("Jose");
    nina.await("Enter recipient id: ");
    nina.type(joseId);
    assertThat(nina.await(MENU)).isEqualTo(joseId + "\nMessage sent!\n\n");
    bob.type("2");
    bob.await("Enter your message: ");
    bob.type("This is Bob. What are you doing?");
    bob.await("Enter recipient id: ");
    bob.type(joseId);
    assertThat(bob.await(MENU)).endsWith("Message sent!\n\n");
    nina.type("2");
    nina.await("Enter your message: ");
    nina.type("Anybody there?");
    nina.await("Enter recipient id: ");
    nina.type("50922");
    assertThat(nina.await(MENU)).isEqualTo("50922\nNo user with id 50922 is connected.\n\n");
    nina.type("2");
    nina.await("Enter your message: ");
    nina.type("");
    nina.await("Enter recipient id: ");
    nina.type(joseId);
    assertThat(nina.await(MENU)).endsWith("The message is empty. Nothing was sent.\n\n");
    nina.type("2");
    nina.await("Enter your message: ");
    nina.type("\u001b[2J\u001b]0;pwned\u0007 gone");
    nina.await("Enter recipient id: ");
    nina.type(joseId);
    assertThat(nina.await(MENU)).endsWith("The message holds a control character (U+001B). Nothing was sent.\n\n");

    // Anything but a listed number
    nina.type("9");
    nina.await("9\nInvalid option, enter a number from 1 to 7.\nYour option <enter a number>: ");
    nina.type("one");
    nina.await("one\nInvalid option, enter a number from 1 to 7.\nYour option <enter a number>: ");

    // Option 3, oldest first, then the mailbox is empty
    jose.type("3");
    String messages = jose.await(MENU);
    assertThat(messages).startsWith("3\nMy messages:\n");
    List<String> lines = messages.lines().skip(2).filter(l -> !l.isEmpty()).toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches(TIME.pattern() + ": Hello World! \\(from: Nina\\)");
    assertThat(lines.get(1)).matches(TIME.pattern() + ": This is Bob. What are you doing\\? \\(from: Bob\\)");
    jose.type("3");
    assertThat(jose.await(MENU)).isEqualTo("3\nYou have no new messages.\n\n");

    // Option 7
    bob.type("7");
    assertThat(bob.await("Disconnected from server. Goodbye!\n")).isEqualTo("7\n\n");
    assertThat(bob.awaitExit()).isZero();
    jose.type("1");
    assertThat(jose.await(MENU)).isEqualTo("1\nUsers in server: Nina:%s, Jose:%s\n\n".formatted(ninaId, joseId));
  }

  @Test
  void theEndOfInputDisconnectsCleanly() throws Exception {
    CliProcess nina = client("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    connect(nina);
    nina.endInput();
    nina.await("Disconnected from server. Goodbye!");
    assertThat(nina.awaitExit()).isZero();
  }

  @Test
  void aServerShutdownIsAnnouncedAndTheClientExitsCleanly() throws Exception {
    CliProcess nina = client("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", "Nina");
    connect(nina);
    node.vertx().close();
    nina.await("Server will shut down in 1 seconds\n");
    nina.await("Server shut down.\n");
    assertThat(nina.awaitExit()).isZero();
  }

  @Test
  void aServerThatIsNotThereIsOneClearLine() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    CliProcess nina = client("--host", "127.0.0.1", "--port", String.valueOf(closedPort), "--name", "Nina");
    assertThat(nina.awaitExit()).isEqualTo(1);
    assertThat(nina.output()).isEqualTo("Could not connect to server at 127.0.0.1:" + closedPort + ": Connection refused\n");
  }
}
