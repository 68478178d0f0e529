package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.MenuOption;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real client against a server that sends terminal control sequences in every kind of
 * text (an old server, or a hostile one): the screen gets visible escapes, never the raw bytes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerCliTest {

  private static final String ATTACK = "\u001b[2J\u001b]0;pwned\u0007\u009b31m\b\rMallory> fake\u202e";

  @Test
  void controlCharactersFromTheServerNeverReachTheScreenRaw() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread serving = new Thread(() -> serve(server), "hostile-server");
      serving.setDaemon(true);
      serving.start();
      try (CliProcess client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(server.getLocalPort()),
          "--name", "Nina")) {
        client.await("the end");
        client.awaitExit();
        String screen = client.output();
        assertThat(screen.chars().filter(c -> c != '\n' && c != '\t'
            && (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)))).as(screen).isEmpty();
        assertThat(screen).contains("event ^[[2J^[]0;pwned^G<U+009B>31m^H^MMallory> fake<U+202E>")
            .contains("result ^[[2J").contains("error ^[[2J").contains("header ^[[2J").contains("1. label ^[[2J")
            .contains("room ^[[2J");
      }
    }
  }

  /** One session: greets, takes the name, and answers every frame with hostile text. */
  private static void serve(ServerSocket server) {
    try (Socket socket = server.accept()) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      ScriptedServer.logIn(in, out, "Nina");
      ScriptedServer.send(out, new Frame.Room("r", List.of("room " + ATTACK)));
      ScriptedServer.send(out, new Frame.Event("event " + ATTACK));
      ScriptedServer.send(out, new Frame.Result(1, List.of("result " + ATTACK)));
      ScriptedServer.send(out, new Frame.Error(null, "X", "error " + ATTACK));
      ScriptedServer.send(out, new Frame.Menu("main", List.of("header " + ATTACK), List.of(new MenuOption("1", "label " + ATTACK,
          List.of())), "prompt " + ATTACK, "invalid " + ATTACK));
      ScriptedServer.send(out, new Frame.Bye("the end"));
    } catch (Exception e) {
      // The client went away.
    }
  }

}
