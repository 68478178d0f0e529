package dev.chatnet.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.runtime.Node;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SPEC options 4 and 5 through the real client against standalone mode. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneRoomCliTest {

  /** Lines in the paste test: more than twice the default burst, a few seconds at the default rate. */
  private static final int LONG_PASTE = 100;

  private static final String MENU = StandaloneCliTest.MENU;
  private static final String BANNER = "----------------------- Chat Room 23456 ------------------------\n";

  private final List<CliProcess> clients = new ArrayList<>();
  private Node node;
  @TempDir
  Path dataDir;
  private int port;

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
    clients.forEach(CliProcess::close);
    node.vertx().close().await(30, TimeUnit.SECONDS);
  }

  private CliProcess connect(String name) throws Exception {
    CliProcess client = CliProcess.start("--host", "127.0.0.1", "--port", String.valueOf(port), "--name", name);
    clients.add(client);
    client.await(MENU);
    return client;
  }

  /** Option 4: {@code owner} creates room 23456 and is in it. */
  private static void createRoom(CliProcess owner) throws Exception {
    owner.type("4");
    owner.await("Enter new chat room id: ");
    owner.type("23456");
    owner.await("Waiting for other users to join....\n");
  }

  @Test
  void aRoomReadsAsTheSpecShowsFromCreationToClose() throws Exception {
    CliProcess jose = connect("Jose");
    CliProcess alice = connect("Alice");
    CliProcess john = connect("John");

    jose.type("4");
    jose.await("Enter new chat room id: ");
    jose.type("23456");
    assertThat(jose.await("Waiting for other users to join....\n")).isEqualTo("""
        23456

        %sType 'exit' to close the chat room.
        Chat room created by: Jose
        """.formatted(BANNER));

    alice.type("5");
    alice.await("Enter chat room id to join: ");
    alice.type("23456");
    assertThat(alice.await("Type 'bye' to exit this chat room.\n"))
        .isEqualTo("23456\n\n" + BANNER + "Joined to chat room 23456\n");
    jose.await("Alice joined.\n");
    john.type("5");
    john.await("Enter chat room id to join: ");
    john.type("23456");
    john.await("Type 'bye' to exit this chat room.\n");
    jose.await("John joined.\n");
    alice.await("John joined.\n");

    alice.type("Hello");
    jose.await("Alice> Hello\n");
    john.await("Alice> Hello\n");
    jose.type("Hello Alice, who is the moderator of this chat?");
    alice.await("Jose> Hello Alice, who is the moderator of this chat?\n");
    john.await("Jose> Hello Alice, who is the moderator of this chat?\n");
    alice.type("See you later. bye");
    john.await("Alice> See you later. bye\n");
    alice.type("bye");
    alice.await("bye\n\n" + MENU);
    john.await("Alice disconnected from the chat.\n");
    jose.await("Alice disconnected from the chat.\n");
    john.type("It looks like Alice was in a hurry.");
    jose.await("John> It looks like Alice was in a hurry.\n");

    // A late joiner sees the recent messages under a separator.
    alice.type("5");
    alice.await("Enter chat room id to join: ");
    alice.type("23456");
    assertThat(alice.await("-----------------------------------------------------------------\n")).isEqualTo("""
        23456

        %sJoined to chat room 23456
        Type 'bye' to exit this chat room.
        ------------------------ Recent messages ------------------------
        Alice> Hello
        Jose> Hello Alice, who is the moderator of this chat?
        Alice> See you later. bye
        John> It looks like Alice was in a hurry.
        """.formatted(BANNER));

    john.type("exit");
    john.await("Only the owner (Jose) can close the chat room. Type 'bye' to leave it.\n");
    jose.type("bye");
    jose.await("You own this chat room: type 'exit' to close it.\n");
    jose.type("exit");
    jose.await("Chat room 23456 was closed by Jose.\n\n" + MENU);
    alice.await("Chat room 23456 was closed by Jose.\n\n" + MENU);
    john.await("Chat room 23456 was closed by Jose.\n\n" + MENU);

    // Back at the menu, each of them.
    john.type("1");
    assertThat(john.await(MENU)).startsWith("1\nUsers in server: Jose:");
    List<String> transcript = Files.readAllLines(dataDir.resolve("transcripts").resolve("23456.jsonl"));
    assertThat(transcript).hasSize(4);
    assertThat(new JsonObject(transcript.get(3)).getString("text")).isEqualTo("It looks like Alice was in a hurry.");
  }

  @Test
  void aPasteReachesTheRoomWholeAndInOrderAndWhatFollowsByeAnswersTheMenu() throws Exception {
    CliProcess jose = connect("Jose");
    CliProcess alice = connect("Alice");
    createRoom(jose);
    alice.type("5");
    alice.await("Enter chat room id to join: ");
    alice.type("23456");
    alice.await("Type 'bye' to exit this chat room.\n");
    jose.await("Alice joined.\n");

    List<String> paste = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    // Longer than the flood limit's burst (40 frames at once, then 20 a second): the client
    // paces itself to the limit the server announced, so nothing is dropped.
    for (int i = 1; i <= LONG_PASTE; i++) {
      paste.add("line " + i);
      expected.append("Alice> line ").append(i).append('\n');
    }
    paste.add("bye");
    paste.add("1");
    alice.type(String.join("\n", paste));
    assertThat(jose.await("Alice disconnected from the chat.\n")).isEqualTo(expected.toString());
    alice.await("bye\n\n" + MENU);
    assertThat(alice.await(MENU)).startsWith("1\nUsers in server: Jose:");
    assertThat(alice.output()).doesNotContain("Error");
    List<String> transcript = Files.readAllLines(dataDir.resolve("transcripts").resolve("23456.jsonl"));
    assertThat(transcript).hasSize(LONG_PASTE);
    assertThat(new JsonObject(transcript.get(LONG_PASTE - 1)).getString("text")).isEqualTo("line " + LONG_PASTE);
  }

  @Test
  void theRoomClosesWhenItsOwnerVanishesAndTakenOrUnknownIdsAreRefused() throws Exception {
    CliProcess jose = connect("Jose");
    CliProcess alice = connect("Alice");
    createRoom(jose);

    alice.type("4");
    alice.await("Enter new chat room id: ");
    alice.type("23456");
    assertThat(alice.await(MENU)).isEqualTo("23456\nChat room 23456 already exists.\n\n");
    alice.type("5");
    alice.await("Enter chat room id to join: ");
    alice.type("999");
    assertThat(alice.await(MENU)).isEqualTo("999\nChat room 999 does not exist.\n\n");
    alice.type("5");
    alice.await("Enter chat room id to join: ");
    alice.type("23456");
    alice.await("Type 'bye' to exit this chat room.\n");

    jose.close(); // Ctrl-C, crash: no goodbye
    alice.await("Chat room 23456 was closed by Jose.\n\n" + MENU);
    // The menu answers the next line typed.
    alice.type("1");
    assertThat(alice.await(MENU)).startsWith("1\nUsers in server: Alice:");
  }
}
