package dev.chatnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import dev.chatnet.runtime.Node;
import dev.chatnet.runtime.testing.ProcessOutput;
import dev.chatnet.standalone.Standalone;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's jar in a real pseudo-terminal, where it edits lines with JLine, against a
 * standalone server in this JVM: room lines that arrive while a line is half typed print
 * above it, and the typed text stays, is drawn again, and goes whole when Enter is pressed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTerminalIT {

  private static final String MENU_PROMPT = "Your option <enter a number>: ";

  private final Path root = Path.of(System.getProperty("chatnet.root", "..")).toAbsolutePath().normalize();
  private final List<Process> clients = new ArrayList<>();
  private Node node;
  private int port;
  @TempDir
  Path dataDir;

  @BeforeEach
  void start() throws Exception {
    node = Node.start(Standalone.defaults()).await(30, TimeUnit.SECONDS);
    JsonObject config = Standalone.defaults()
        .put("host", "127.0.0.1")
        .put("port", 0)
        .put("proxy-host", "127.0.0.1")
        .put("proxy-port", 0)
        .put("data-dir", dataDir.toString());
    port = Standalone.deploy(node, config).await(30, TimeUnit.SECONDS).gatewayPort();
  }

  @AfterEach
  void stop() throws Exception {
    for (Process client : clients) {
      client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    if (node != null) {
      node.vertx().close().await(30, TimeUnit.SECONDS);
    }
  }

  private List<String> command(String name) {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Duser.timezone=UTC",
        "-jar", root.resolve("cli-client/target/chatnet-client.jar").toString(),
        "--host", "127.0.0.1", "--port", String.valueOf(port), "--name", name);
  }

  private static Map<String, String> environment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("CHATNET_"));
    env.put("TERM", "xterm-256color");
    return env;
  }

  @Test
  void aHalfTypedLineSurvivesIncomingRoomLinesAndIsSentWhole() throws Exception {
    // The room's owner types through a pipe, as a script would.
    ProcessBuilder pipe = new ProcessBuilder(command("Jose")).redirectErrorStream(true);
    pipe.environment().clear();
    pipe.environment().putAll(environment());
    Process jose = pipe.start();
    clients.add(jose);
    ProcessOutput joseSees = new ProcessOutput(jose.getInputStream(), "jose");
    OutputStream joseTypes = jose.getOutputStream();
    joseSees.await(MENU_PROMPT);
    type(joseTypes, "4\n");
    joseSees.await("Enter new chat room id: ");
    type(joseTypes, "23456\n");
    joseSees.await("Waiting for other users to join....\n");

    PtyProcess nina = new PtyProcessBuilder(command("Nina").toArray(String[]::new))
        .setEnvironment(environment())
        .setInitialColumns(160)
        .setInitialRows(50)
        .setRedirectErrorStream(true)
        .start();
    clients.add(nina);
    ProcessOutput ninaSees = new ProcessOutput(nina.getInputStream(), "nina");
    OutputStream ninaTypes = nina.getOutputStream();
    ninaSees.await(MENU_PROMPT);
    type(ninaTypes, "5\r");
    ninaSees.await("Enter chat room id to join: ");
    type(ninaTypes, "23456\r");
    ninaSees.await("Type 'bye' to exit this chat room.");
    joseSees.await("Nina joined.\n");

    type(ninaTypes, "half a li");
    ninaSees.await("half a li"); // echoed by the line editor: it holds the text now
    type(joseTypes, "first incoming\n");
    type(joseTypes, "second incoming\n");
    ninaSees.await("Jose> first incoming");
    ninaSees.await("Jose> second incoming");
    // The line editor draws the typed text again below the lines it printed above it.
    ninaSees.await("half a li");
    assertThat(lastRows(ninaSees, 3)).as("Nina's screen").containsExactly(
        "Jose> first incoming", "Jose> second incoming", "half a li");

    type(ninaTypes, "ne\r");
    assertThat(joseSees.await("Nina> half a line\n")).doesNotContain("Nina>");
    type(joseTypes, "after\n");
    ninaSees.await("Jose> after");
    assertThat(TerminalScreen.of(ninaSees.all())).as("Nina's screen")
        .containsSubsequence("Jose> first incoming", "Jose> second incoming", "half a line", "Jose> after")
        .noneMatch(row -> row.contains("half a liJose>") || row.contains("incominghalf"));
  }

  /** The last {@code n} rows of what the terminal shows, blank rows below the text left out. */
  private static List<String> lastRows(ProcessOutput output, int n) {
    List<String> rows = new ArrayList<>(TerminalScreen.of(output.all()));
    while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    return rows.subList(Math.max(0, rows.size() - n), rows.size());
  }

  private static void type(OutputStream in, String keys) throws IOException {
    in.write(keys.getBytes(StandardCharsets.UTF_8));
    in.flush();
  }
}
