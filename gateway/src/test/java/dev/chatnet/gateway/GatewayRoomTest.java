package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.chatroom.ChatroomVerticle;
import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Room mode through the gateway over real TCP, with the real chatroom-service behind it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GatewayRoomTest {

  @TempDir
  Path dataDir;
  private final List<WireClient> clients = new ArrayList<>();
  private GatewayVerticle gateway;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    gateway = new GatewayVerticle("node-1");
    JsonObject config = GatewayTest.CONFIG.copy().put("rate", 100_000).put("burst", 100_000).put("max-line", 65536)
        .put("data-dir", dataDir.toString()).put("history-size", 2).put("chat-line-max-length", 8000);
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1")))
        .compose(id -> vertx.deployVerticle(new ChatroomVerticle(), options))
        .compose(id -> vertx.deployVerticle(gateway, options))
        .onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void closeClients() throws Exception {
    for (WireClient client : clients) {
      client.close();
    }
  }

  private WireClient login(String name) throws Exception {
    WireClient client = WireClient.login(gateway.port(), name);
    clients.add(client);
    return client;
  }

  private static Frame.Room create(WireClient owner, String room) throws Exception {
    owner.act("4", Map.of("room", room));
    return owner.expect(Frame.Room.class);
  }

  private static Frame.Room join(WireClient member, String room) throws Exception {
    member.act("5", Map.of("room", room));
    return member.expect(Frame.Room.class);
  }

  @Test
  void membersSeeJoinsMessagesAndLeavesButNotTheirOwnLines() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    assertThat(create(jose, "23456").lines()).containsExactly("",
        "----------------------- Chat Room 23456 ------------------------",
        "Type 'exit' to close the chat room.", "Chat room created by: Jose", "Waiting for other users to join....");
    assertThat(join(alice, "23456").lines()).containsExactly("",
        "----------------------- Chat Room 23456 ------------------------",
        "Joined to chat room 23456", "Type 'bye' to exit this chat room.");
    jose.expectLine("Alice joined.");
    alice.sayAcknowledged("Hello");
    jose.expectLine("Alice> Hello");
    jose.sayAcknowledged("Hello Alice, who is the moderator of this chat?");
    alice.expectLine("Jose> Hello Alice, who is the moderator of this chat?");
    alice.sayAcknowledged("See you later. bye");
    jose.expectLine("Alice> See you later. bye");

    long leave = alice.say("bye");
    assertThat(alice.expect(Frame.Menu.class).name()).isEqualTo("main");
    jose.expectLine("Alice disconnected from the chat.");
    assertThat(alice.run("1", Map.of())).hasSize(1);
    assertThat(leave).isPositive();
  }

  @Test
  void chatLinesThatWouldActOnOtherTerminalsAreRefusedAndNobodySeesThem() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    create(jose, "r");
    join(alice, "r");
    jose.expectLine("Alice joined.");
    for (Map.Entry<String, String> attack : GatewayTest.TERMINAL_ATTACKS.entrySet()) {
      long id = alice.say(attack.getValue());
      Frame.Error refused = alice.expect(Frame.Error.class);
      assertThat(refused.id()).isEqualTo(id);
      assertThat(refused.code()).as(attack.getKey()).isEqualTo(ErrorCodes.INVALID_INPUT);
      assertThat(refused.message()).as(attack.getKey()).endsWith("; it was not sent.");
    }
    alice.sayAcknowledged("clean");
    // The first line Jose sees after the join is the clean one: none of the others went out.
    jose.expectLine("Alice> clean");
  }

  @Test
  void linesSaidAtOnceAllArriveAndARefusedOneIsOnlyItsSpeakersError() throws Exception {
    List<WireClient> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      members.add(login("Speaker" + i));
    }
    create(members.get(0), "busy");
    for (int i = 1; i < members.size(); i++) {
      join(members.get(i), "busy");
      for (int j = 0; j < i; j++) {
        members.get(j).expectLine("Speaker" + i + " joined.");
      }
    }
    int refused = 3;
    List<Long> ids = new ArrayList<>();
    // All at once, so the gateway takes them to the service together.
    for (int i = 0; i < members.size(); i++) {
      ids.add(members.get(i).say(i == refused ? "clear \u001b[2J screen" : "line of Speaker" + i));
    }
    for (int i = 0; i < members.size(); i++) {
      Set<String> expected = new HashSet<>();
      for (int j = 0; j < members.size(); j++) {
        if (j != i && j != refused) {
          expected.add("Speaker" + j + "> line of Speaker" + j);
        }
      }
      Set<String> seen = new HashSet<>();
      boolean answered = false;
      while (!answered || !seen.equals(expected)) {
        Frame frame = members.get(i).next();
        if (frame instanceof Frame.Event line) {
          assertThat(expected).as("Speaker%d sees only the others' accepted lines", i).contains(line.text());
          seen.add(line.text());
        } else if (i == refused) {
          Frame.Error error = (Frame.Error) frame;
          assertThat(error.id()).isEqualTo(ids.get(i));
          assertThat(error.message()).endsWith("; it was not sent.");
          answered = true;
        } else {
          assertThat(frame).isEqualTo(new Frame.Result(ids.get(i), List.of()));
          answered = true;
        }
      }
    }
  }

  @Test
  void linesPastedAtOnceArriveInOrderEachAnsweredInTurn() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    create(jose, "paste");
    join(alice, "paste");
    jose.expectLine("Alice joined.");
    // Forty lines in one write, as a paste or a client that does not wait for answers: a line
    // the room refuses and a steering word among them.
    int refused = 17;
    int exit = 25;
    StringBuilder paste = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String text = i == refused ? "clear \u001b[2J screen" : i == exit ? "exit" : "pasted " + i;
      paste.append(Frames.encode(new Frame.Say(1000 + i, text))).append('\n');
    }
    alice.sendRaw(paste.toString().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 40; i++) {
      Frame answer = alice.next();
      if (i == refused) {
        assertThat(answer).isInstanceOf(Frame.Error.class);
        assertThat(((Frame.Error) answer).id()).isEqualTo(1000L + i);
        assertThat(((Frame.Error) answer).message()).endsWith("; it was not sent.");
      } else if (i == exit) {
        assertThat(answer).isEqualTo(new Frame.Result(1000L + i,
            List.of("Only the owner (Jose) can close the chat room. Type 'bye' to leave it.")));
      } else {
        assertThat(answer).as("the answer to line %d, in turn", i).isEqualTo(new Frame.Result(1000L + i, List.of()));
      }
    }
    for (int i = 0; i < 40; i++) {
      if (i != refused && i != exit) {
        jose.expectLine("Alice> pasted " + i);
      }
    }
  }

  @Test
  void exitAndByeMeanWhatTheyMeanOnlyForTheRightPerson() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    create(jose, "r");
    join(alice, "r");
    jose.expectLine("Alice joined.");
    long exit = alice.say("exit");
    assertThat(alice.expect(Frame.Result.class)).isEqualTo(new Frame.Result(exit,
        List.of("Only the owner (Jose) can close the chat room. Type 'bye' to leave it.")));
    long bye = jose.say("bye");
    assertThat(jose.expect(Frame.Result.class)).isEqualTo(new Frame.Result(bye,
        List.of("You own this chat room: type 'exit' to close it.")));
    long empty = alice.say("   ");
    assertThat(alice.expect(Frame.Result.class)).isEqualTo(new Frame.Result(empty, List.of()));

    jose.say("exit");
    jose.expectLine("Chat room r was closed by Jose.");
    jose.expect(Frame.Menu.class);
    alice.expectLine("Chat room r was closed by Jose.");
    alice.expect(Frame.Menu.class);
    assertThat(alice.runFailing("5", Map.of("room", "r")).message()).isEqualTo("Chat room r does not exist.");
  }

  @Test
  void roomIdsThatAreTakenUnknownOrInvalidGetTheirLine() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    create(jose, "23456");
    Frame.Error taken = alice.runFailing("4", Map.of("room", "23456"));
    assertThat(taken.code()).isEqualTo(ErrorCodes.ROOM_EXISTS);
    assertThat(taken.message()).isEqualTo("Chat room 23456 already exists.");
    assertThat(alice.runFailing("5", Map.of("room", "999")).message()).isEqualTo("Chat room 999 does not exist.");
    assertThat(alice.runFailing("5", Map.of("room", "bad id")).message())
        .isEqualTo("Chat room id 'bad id' is invalid: use 1 to 32 letters, digits, '_' or '-'.");
  }

  @Test
  void theOwnerDisconnectingClosesTheRoomForEveryone() throws Exception {
    WireClient jose = login("Jose");
    WireClient alice = login("Alice");
    WireClient john = login("John");
    create(jose, "r");
    join(alice, "r");
    join(john, "r");
    jose.close();
    for (WireClient member : List.of(alice, john)) {
      Frame.Event closed = member.awaitFrame(Frame.Event.class);
      while (!closed.text().startsWith("Chat room")) {
        closed = member.awaitFrame(Frame.Event.class);
      }
      assertThat(closed.text()).isEqualTo("Chat room r was closed by Jose.");
      member.expect(Frame.Menu.class);
    }
  }

  @Test
  void aLateJoinerSeesTheRecentHistoryUnderASeparator() throws Exception {
    WireClient jose = login("Jose");
    create(jose, "h");
    jose.sayAcknowledged("one");
    jose.sayAcknowledged("two");
    jose.sayAcknowledged("three");
    assertThat(join(login("Alice"), "h").lines()).containsExactly("",
        "----------------------- Chat Room h ------------------------",
        "Joined to chat room h", "Type 'bye' to exit this chat room.",
        "------------------------ Recent messages ------------------------",
        "Jose> two", "Jose> three",
        "-----------------------------------------------------------------");
  }

  @Test
  void everyMemberSeesEveryMessageInTheSameOrder() throws Exception {
    WireClient owner = login("Owner");
    create(owner, "order");
    List<WireClient> listeners = List.of(login("L1"), login("L2"));
    List<WireClient> senders = List.of(login("S1"), login("S2"), login("S3"));
    for (WireClient member : listeners) {
      join(member, "order");
    }
    for (WireClient sender : senders) {
      join(sender, "order");
    }
    int perSender = 40;
    List<Thread> threads = new ArrayList<>();
    for (WireClient sender : senders) {
      Thread t = new Thread(() -> {
        try {
          for (int i = 0; i < perSender; i++) {
            sender.sayAcknowledged(sender.name() + "-" + i);
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(60_000);
    }
    List<List<String>> seen = new ArrayList<>();
    for (WireClient listener : List.of(owner, listeners.get(0), listeners.get(1))) {
      List<String> messages = new ArrayList<>();
      while (messages.size() < senders.size() * perSender) {
        String text = listener.awaitFrame(Frame.Event.class).text();
        if (text.startsWith("S") && text.contains("> ")) {
          messages.add(text);
        }
      }
      seen.add(messages);
    }
    assertThat(seen.get(0)).doesNotHaveDuplicates().hasSize(120);
    assertThat(seen.get(1)).isEqualTo(seen.get(0));
    assertThat(seen.get(2)).isEqualTo(seen.get(0));
    for (WireClient sender : senders) {
      List<String> own = seen.get(0).stream().filter(t -> t.startsWith(sender.name() + "> ")).toList();
      assertThat(own).containsExactlyElementsOf(java.util.stream.IntStream.range(0, perSender)
          .mapToObj(i -> sender.name() + "> " + sender.name() + "-" + i).toList());
    }
  }

  @Test
  void membersJoiningABusyRoomSeeEveryLineFromTheirJoinOnOnceAndInOrder() throws Exception {
    WireClient owner = login("Owner");
    create(owner, "busy");
    List<WireClient> senders = List.of(login("S1"), login("S2"));
    for (WireClient sender : senders) {
      join(sender, "busy");
    }
    AtomicBoolean joinersIn = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (WireClient sender : senders) {
      Thread t = new Thread(() -> {
        try {
          // Lines flow while every joiner joins, and for a while after.
          int after = 0;
          for (int i = 0; !joinersIn.get() || after++ < 20; i++) {
            sender.sayAcknowledged(sender.name() + "-" + i);
          }
          sender.sayAcknowledged(sender.name() + "-end");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      threads.add(t);
      t.start();
    }
    List<WireClient> joiners = new ArrayList<>();
    for (int j = 0; j < 5; j++) {
      WireClient joiner = login("J" + j);
      join(joiner, "busy");
      joiners.add(joiner);
    }
    joinersIn.set(true);
    for (Thread t : threads) {
      t.join(60_000);
    }

    List<String> all = messagesUntilTheEnd(owner);
    assertThat(all).doesNotHaveDuplicates();
    for (WireClient joiner : joiners) {
      List<String> seen = messagesUntilTheEnd(joiner);
      int from = all.indexOf(seen.get(0));
      assertThat(from).as("%s's first line", joiner.name()).isNotNegative();
      assertThat(seen).as("what %s saw", joiner.name()).isEqualTo(all.subList(from, all.size()));
    }
  }

  /** The senders' lines a member is shown, up to both senders' last. */
  private static List<String> messagesUntilTheEnd(WireClient member) {
    List<String> messages = new ArrayList<>();
    int ends = 0;
    while (ends < 2) {
      String text = member.awaitFrame(Frame.Event.class).text();
      if (text.startsWith("S") && text.contains("> ")) {
        messages.add(text);
        ends += text.endsWith("-end") ? 1 : 0;
      }
    }
    return messages;
  }

  @Test
  void aMemberThatStopsReadingIsDroppedWhileTheRoomGoesOn() throws Exception {
    WireClient jose = login("Jose");
    create(jose, "slow");
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
      BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
      var out = slow.getOutputStream();
      in.readLine();
      out.write((Frames.encode(new Frame.Login("Slow", "UTC")) + "\n").getBytes(StandardCharsets.UTF_8));
      long id = ((Frame.Ready) Frames.decode(in.readLine())).clientId();
      out.write((Frames.encode(new Frame.Ack(id)) + "\n").getBytes(StandardCharsets.UTF_8));
      in.readLine();
      out.write((Frames.encode(new Frame.Action(1, "5", Map.of("room", "slow"))) + "\n").getBytes(StandardCharsets.UTF_8));
      in.readLine();
      jose.expectLine("Slow joined.");
      // From here on the slow member reads nothing.
      String line = "x".repeat(7000);
      String dropped = "Slow was dropped from the chat: the connection could not keep up.";
      boolean seenDrop = false;
      for (int i = 0; i < 5000 && !seenDrop; i++) {
        long say = jose.say(line);
        Frame frame;
        while (!((frame = jose.next()) instanceof Frame.Result r && r.id() == say)) {
          seenDrop |= frame instanceof Frame.Event e && e.text().equals(dropped);
        }
      }
      assertThat(seenDrop).as("the slow member was dropped").isTrue();
      jose.sayAcknowledged("still here");

      // Reading again, the slow member finds the lines it was sent, then why it left, then the menu.
      slow.setSoTimeout(20_000);
      Frame frame;
      int lines = 0;
      while ((frame = Frames.decode(in.readLine())) instanceof Frame.Event event && event.text().startsWith("Jose> ")) {
        lines++;
      }
      assertThat(frame).isEqualTo(new Frame.Event("You were dropped from chat room slow: your connection could not keep up."));
      assertThat(Frames.decode(in.readLine())).isInstanceOfSatisfying(Frame.Menu.class, m -> assertThat(m.name()).isEqualTo("main"));
      assertThat(lines).isPositive();
      out.write((Frames.encode(new Frame.Action(2, "1", Map.of())) + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(Frames.decode(in.readLine())).isInstanceOfSatisfying(Frame.Result.class,
          r -> assertThat(r.lines().get(0)).startsWith("Users in server: "));
    }
  }
}
