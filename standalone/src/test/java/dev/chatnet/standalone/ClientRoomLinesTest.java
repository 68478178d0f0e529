package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.protocol.wire.MenuOption;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the real client sends what is typed in a room, seen from a server that answers when the
 * test says: lines go without waiting for the answers of the lines before them, and after
 * 'bye' the client waits for the answer before it sends anything more.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientRoomLinesTest {

  private static final Frame.Menu MENU = new Frame.Menu("main", List.of("Menu"),
      List.of(new MenuOption("1", "Get all users in server", List.of())), "Enter option: ", "Invalid option.");

  @Test
  void roomLinesGoWithoutWaitingAndByeWaitsForItsAnswer() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<List<Frame>> seen = CompletableFuture.supplyAsync(() -> serve(server));
      try (CliProcess client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(server.getLocalPort()),
          "--name", "Nina")) {
        client.await("Joined\n");
        client.type("one\ntwo\nthree\nbye\n1");
        List<Frame> frames = seen.get(30, TimeUnit.SECONDS);
        assertThat(frames).extracting(ClientRoomLinesTest::describe)
            .containsExactly("say one", "say two", "say three", "say bye", "action 1");
        client.await("Users: Nina\n");
      }
    }
  }

  /**
   * Greets, takes the name, puts the client in a room and answers nothing until the three
   * lines and 'bye' have come: a client that waits for each answer never sends the second
   * line. Then it answers the lines, shows the menu (a member's 'bye' is answered so), and
   * takes the menu choice typed after 'bye'.
   */
  private static List<Frame> serve(ServerSocket server) {
    List<Frame> seen = new ArrayList<>();
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(20_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      ScriptedServer.logIn(in, out, "Nina");
      ScriptedServer.send(out, new Frame.Room("r", List.of("Joined")));
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Frame.Say say = (Frame.Say) next(in);
        seen.add(say);
        ids.add(say.id());
      }
      for (long id : ids.subList(0, 3)) {
        ScriptedServer.send(out, new Frame.Result(id, List.of()));
      }
      // 'bye' from a member is answered by the menu it is back at.
      ScriptedServer.send(out, MENU);
      Frame.Action action = (Frame.Action) next(in);
      seen.add(action);
      ScriptedServer.send(out, new Frame.Result(action.id(), List.of("Users: Nina")));
      ScriptedServer.send(out, MENU);
      ScriptedServer.send(out, new Frame.Bye("the end"));
    } catch (Exception e) {
      seen.add(new Frame.Error(null, "TEST", e.toString()));
    }
    return seen;
  }

  /** The next frame that is not a keep-alive. */
  private static Frame next(BufferedReader in) throws Exception {
    Frame frame;
    do {
      frame = Frames.decode(in.readLine());
    } while (frame instanceof Frame.Ping);
    return frame;
  }

  private static String describe(Frame frame) {
    if (frame instanceof Frame.Say say) {
      return "say " + say.text();
    }
    if (frame instanceof Frame.Action action) {
      return "action " + action.option();
    }
    return frame.toString();
  }

}
