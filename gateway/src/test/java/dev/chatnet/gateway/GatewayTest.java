package dev.chatnet.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.directory.DirectoryVerticle;
import dev.chatnet.mailbox.MailboxVerticle;
import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import dev.chatnet.runtime.Membership;
import dev.chatnet.runtime.testing.WireClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway over real TCP, with the real directory and mailbox behind it. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayTest {

  static final JsonObject CONFIG = new JsonObject()
      .put("host", "127.0.0.1")
      .put("port", 0)
      .put("max-line", 1024)
      .put("rate", 50)
      .put("burst", 20)
      .put("shutdown-grace", 1)
      .put("message-max-length", 500);

  private final List<WireClient> clients = new ArrayList<>();
  private GatewayVerticle gateway;
  private String gatewayDeployment;
  private String directoryDeployment;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    deployWith(vertx, ctx, CONFIG);
  }

  void deployWith(Vertx vertx, VertxTestContext ctx, JsonObject config) {
    gateway = new GatewayVerticle("node-1");
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1")))
        .compose(id -> {
          directoryDeployment = id;
          return vertx.deployVerticle(new MailboxVerticle(), new DeploymentOptions().setConfig(config));
        })
        .compose(id -> vertx.deployVerticle(gateway, new DeploymentOptions().setConfig(config)))
        .onComplete(ctx.succeeding(id -> {
          gatewayDeployment = id;
          ctx.completeNow();
        }));
  }

  @AfterEach
  void closeClients() throws Exception {
    for (WireClient client : clients) {
      client.close();
    }
  }

  private WireClient connect() throws Exception {
    WireClient client = WireClient.connect(gateway.port());
    clients.add(client);
    return client;
  }

  private WireClient login(String name) throws Exception {
    WireClient client = WireClient.login(gateway.port(), name);
    clients.add(client);
    return client;
  }

  @Test
  void handshakeGreetsAssignsAnIdAndSendsTheMenuAfterTheAck() throws Exception {
    WireClient client = connect();
    Frame.Hello hello = client.expect(Frame.Hello.class);
    assertThat(hello.version()).isEqualTo(Frame.VERSION);
    assertThat(hello.maxLine()).isEqualTo(1024);
    // The flood limit this gateway was given, for the client to pace itself to.
    assertThat(hello.rate()).isEqualTo(50);
    assertThat(hello.burst()).isEqualTo(20);
    client.send(new Frame.Login("Nina", "UTC"));
    Frame.Ready ready = client.expect(Frame.Ready.class);
    assertThat(ready.name()).isEqualTo("Nina");
    assertThat(ready.clientId()).isPositive();
    client.send(new Frame.Ack(ready.clientId()));
    Frame.Menu menu = client.expect(Frame.Menu.class);
    assertThat(menu.header()).containsExactly("****** TCP Message App ******", "-----------------------", "Options Available:");
    assertThat(menu.options()).extracting(MenuOption::label).containsExactly("Get user list", "Send a message",
        "Get my messages", "Create a new chat room", "Join an existing chat room", "Turn web proxy server on",
        "Disconnect from server");
    assertThat(menu.options().get(1).inputs()).extracting(Input::label, Input::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Enter your message: ", Input.Kind.TEXT),
            org.assertj.core.groups.Tuple.tuple("Enter recipient id: ", Input.Kind.NUMBER));
    assertThat(menu.prompt()).isEqualTo("Your option <enter a number>: ");
    assertThat(menu.invalid()).isEqualTo("Invalid option, enter a number from 1 to 7.");
  }

  @Test
  void aTimeZoneThatIsNotAnIanaZoneIsRefusedClearlyAndUtcIsUsed() throws Exception {
    WireClient client = connect();
    client.expect(Frame.Hello.class);
    client.send(new Frame.Login("Nina", "../../etc/passwd"));
    Frame.Error refused = client.expect(Frame.Error.class);
    assertThat(refused.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
    assertThat(refused.message()).isEqualTo(
        "Unknown time zone '../../etc/passwd': it must be an IANA zone id such as Europe/Berlin. Times are shown in UTC.");
    assertThat(client.expect(Frame.Ready.class).name()).isEqualTo("Nina");

    WireClient other = connect();
    other.expect(Frame.Hello.class);
    other.send(new Frame.Login("Jose", "Europe/Berlin"));
    assertThat(other.expect(Frame.Ready.class).name()).isEqualTo("Jose");
  }

  @Test
  void actionsSentBeforeTheirAnswersAreAnsweredInOrder() throws Exception {
    WireClient nina = login("Nina");
    WireClient jose = login("Jose");
    // Sent at once: the third has to wait for the first two, and reads what they deposited.
    long first = jose.act("2", Map.of("message", "one", "recipient", Long.toString(jose.clientId())));
    long second = jose.act("2", Map.of("message", "two", "recipient", Long.toString(jose.clientId())));
    long third = jose.act("3", Map.of());
    for (long id : new long[] {first, second}) {
      Frame.Result result = jose.expect(Frame.Result.class);
      assertThat(result.id()).isEqualTo(id);
      assertThat(result.lines()).containsExactly("Message sent!");
      jose.expect(Frame.Menu.class);
    }
    Frame.Result drained = jose.expect(Frame.Result.class);
    assertThat(drained.id()).isEqualTo(third);
    assertThat(String.join("\n", drained.lines())).contains("one").contains("two");
    assertThat(String.join("\n", drained.lines()).indexOf("one")).isLessThan(String.join("\n", drained.lines()).indexOf("two"));
    jose.expect(Frame.Menu.class);
    assertThat(nina.run("1", Map.of())).containsExactly("Users in server: Nina:" + nina.clientId() + ", Jose:" + jose.clientId());
  }

  @Test
  void messagesPipelinedInOneWriteEachGetTheirOwnAnswerAndArriveInOrder(Vertx vertx) throws Exception {
    List<Integer> depositRequests = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().address().equals(Addresses.MAILBOX_DEPOSIT)) {
        depositRequests.add(((JsonObject) delivery.message().body()).getJsonArray("deposits").size());
      }
      delivery.next();
    });
    WireClient nina = login("Nina");
    WireClient jose = login("Jose");
    String toJose = Long.toString(jose.clientId());
    List<Map<String, String>> sends = List.of(
        Map.of("message", "one", "recipient", toJose),
        Map.of("message", "lost", "recipient", "Jose"),
        Map.of("message", "lost", "recipient", "50922"),
        Map.of("message", " ", "recipient", toJose),
        Map.of("message", "two", "recipient", Long.toString(nina.clientId())),
        Map.of("message", "three", "recipient", toJose));
    // One write: the gateway finds them all queued, and they go to the mailbox together.
    StringBuilder pipeline = new StringBuilder();
    for (int i = 0; i < sends.size(); i++) {
      pipeline.append(Frames.encode(new Frame.Action(100 + i, "2", sends.get(i)))).append('\n');
    }
    pipeline.append(Frames.encode(new Frame.Action(200, "3", Map.of()))).append('\n');
    nina.sendRaw(pipeline.toString().getBytes(StandardCharsets.UTF_8));

    List<String> answers = new ArrayList<>();
    for (int i = 0; i < sends.size(); i++) {
      Frame answer = nina.next();
      answers.add(answer instanceof Frame.Result result ? result.id() + " " + result.lines()
          : answer instanceof Frame.Error error ? error.id() + " " + error.code() + ": " + error.message() : answer.toString());
      nina.expect(Frame.Menu.class);
    }
    // The five with a numeric recipient went to the mailbox together (in one request when the
    // seven lines came in one read, as they do on loopback).
    assertThat(depositRequests).hasSizeLessThan(5);
    assertThat(depositRequests.stream().mapToInt(Integer::intValue).sum()).isEqualTo(5);
    assertThat(answers).containsExactly(
        "100 [Message sent!]",
        "101 " + ErrorCodes.INVALID_INPUT + ": The recipient id must be a number.",
        "102 " + ErrorCodes.NOT_CONNECTED + ": No user with id 50922 is connected.",
        "103 " + ErrorCodes.INVALID_INPUT + ": The message is empty. Nothing was sent.",
        "104 [Message sent!]",
        "105 [Message sent!]");
    Frame.Result own = nina.expect(Frame.Result.class);
    assertThat(own.id()).isEqualTo(200);
    assertThat(own.lines()).hasSize(2).last().asString().endsWith(": two (from: Nina)");
    nina.expect(Frame.Menu.class);
    List<String> received = jose.run("3", Map.of());
    assertThat(received).hasSize(3);
    assertThat(received.get(1)).endsWith(": one (from: Nina)");
    assertThat(received.get(2)).endsWith(": three (from: Nina)");
  }

  @Test
  void manySendersAtOnceHaveEveryMessageStoredAndEachSendersInItsOrder() throws Exception {
    WireClient jose = login("Jose");
    String toJose = Long.toString(jose.clientId());
    List<WireClient> senders = new ArrayList<>();
    for (int s = 0; s < 10; s++) {
      senders.add(login("Sender" + s));
    }
    // Each sender's three in one write, the senders one right after the other: their messages
    // meet in the gateway's requests to the mailbox.
    for (WireClient sender : senders) {
      StringBuilder pipeline = new StringBuilder();
      for (int i = 0; i < 3; i++) {
        pipeline.append(Frames.encode(new Frame.Action(i + 1, "2", Map.of("message", sender.name() + " #" + i, "recipient", toJose))))
            .append('\n');
      }
      sender.sendRaw(pipeline.toString().getBytes(StandardCharsets.UTF_8));
    }
    for (WireClient sender : senders) {
      for (int i = 0; i < 3; i++) {
        Frame.Result sent = sender.expect(Frame.Result.class);
        assertThat(sent.id()).isEqualTo(i + 1);
        assertThat(sent.lines()).containsExactly("Message sent!");
        sender.expect(Frame.Menu.class);
      }
    }
    List<String> received = jose.run("3", Map.of());
    assertThat(received).hasSize(31);
    for (WireClient sender : senders) {
      List<String> own = received.stream().filter(line -> line.endsWith("(from: " + sender.name() + ")")).toList();
      assertThat(own).hasSize(3);
      for (int i = 0; i < 3; i++) {
        assertThat(own.get(i)).endsWith(": " + sender.name() + " #" + i + " (from: " + sender.name() + ")");
      }
    }
  }

  @Test
  void refusedNamesGetARetryWithTheReasonOnTheSameConnection() throws Exception {
    login("Nina");
    WireClient client = connect();
    client.expect(Frame.Hello.class);
    Map<String, String> reasons = Map.of(
        "nINA", "The name 'nINA' is already taken.",
        "", "The name is empty.",
        "x".repeat(33), "The name is longer than 32 characters.",
        "Nina Simone", "The name may only hold letters, digits, '_', '-' and '.'.");
    for (var entry : reasons.entrySet()) {
      client.send(new Frame.Login(entry.getKey(), "UTC"));
      assertThat(client.expect(Frame.Retry.class).reason()).isEqualTo(entry.getValue());
    }
    client.send(new Frame.Login("Nina2", "UTC"));
    assertThat(client.expect(Frame.Ready.class).name()).isEqualTo("Nina2");
  }

  @Test
  void manyClientsRacingForOneNameGetExactlyOneReady() throws Exception {
    List<WireClient> racers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      WireClient client = connect();
      client.expect(Frame.Hello.class);
      racers.add(client);
    }
    for (WireClient racer : racers) {
      racer.send(new Frame.Login("Racer", "UTC"));
    }
    long ready = racers.stream().map(WireClient::next).filter(f -> f instanceof Frame.Ready).count();
    assertThat(ready).isEqualTo(1);
  }

  @Test
  void theWrongAcknowledgementIsAnErrorNotTheEnd() throws Exception {
    WireClient client = connect();
    client.expect(Frame.Hello.class);
    client.send(new Frame.Login("Nina", "UTC"));
    Frame.Ready ready = client.expect(Frame.Ready.class);
    client.send(new Frame.Ack(ready.clientId() + 1));
    assertThat(client.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.UNEXPECTED);
    client.send(new Frame.Ack(ready.clientId()));
    client.expect(Frame.Menu.class);
  }

  @Test
  void userListShowsEveryoneAsNameColonId() throws Exception {
    WireClient jose = login("Jose");
    WireClient nina = login("Nina");
    assertThat(nina.run("1", Map.of()))
        .containsExactly("Users in server: Jose:" + jose.clientId() + ", Nina:" + nina.clientId());
  }

  @Test
  void messagesAreDeliveredToTheMailboxAndReadOnceInTheReadersZone() throws Exception {
    WireClient nina = login("Nina");
    WireClient jose = WireClient.connect(gateway.port());
    clients.add(jose);
    jose.expect(Frame.Hello.class);
    jose.send(new Frame.Login("Jose", "Asia/Kolkata"));
    Frame.Ready joseReady = jose.expect(Frame.Ready.class);
    jose.send(new Frame.Ack(joseReady.clientId()));
    jose.expect(Frame.Menu.class);

    Instant before = Instant.now();
    assertThat(nina.run("2", Map.of("message", "Hello World!", "recipient", String.valueOf(joseReady.clientId()))))
        .containsExactly("Message sent!");
    assertThat(nina.run("2", Map.of("message", "Are you there Jose?", "recipient", String.valueOf(joseReady.clientId()))))
        .containsExactly("Message sent!");
    Instant after = Instant.now();

    List<String> lines = jose.run("3", Map.of());
    DateTimeFormatter time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Kolkata"));
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("My messages:");
    assertThat(lines.get(1)).isIn(time.format(before) + ": Hello World! (from: Nina)", time.format(after) + ": Hello World! (from: Nina)");
    assertThat(lines.get(2)).endsWith(": Are you there Jose? (from: Nina)");
    assertThat(jose.run("3", Map.of())).containsExactly("You have no new messages.");
  }

  @Test
  void sendingToNobodyOrNothingIsAClearError() throws Exception {
    WireClient nina = login("Nina");
    Frame.Error unknown = nina.runFailing("2", Map.of("message", "Hi", "recipient", "50922"));
    assertThat(unknown.code()).isEqualTo(ErrorCodes.NOT_CONNECTED);
    assertThat(unknown.message()).isEqualTo("No user with id 50922 is connected.");
    Frame.Error notANumber = nina.runFailing("2", Map.of("message", "Hi", "recipient", "Jose"));
    assertThat(notANumber.message()).isEqualTo("The recipient id must be a number.");
    Frame.Error empty = nina.runFailing("2", Map.of("message", "", "recipient", String.valueOf(nina.clientId())));
    assertThat(empty.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
    assertThat(empty.message()).isEqualTo("The message is empty. Nothing was sent.");
    Frame.Error tooLong = nina.runFailing("2", Map.of("message", "x".repeat(900), "recipient", String.valueOf(nina.clientId())));
    assertThat(tooLong.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
    assertThat(tooLong.message()).isEqualTo("The message is longer than 500 characters. Nothing was sent.");
    assertThat(nina.run("3", Map.of())).containsExactly("You have no new messages.");
  }

  /** What a hostile sender would put in a line to act on the receiver's terminal. */
  static final Map<String, String> TERMINAL_ATTACKS = Map.of(
      "ESC", "clear \u001b[2J\u001b[H",
      "CSI", "red \u009b31m",
      "OSC", "\u001b]0;pwned\u0007title",
      "C1", "next \u0085line",
      "BS", "ok\b\b\bno",
      "CR", "fine\rJose> I quit",
      "DEL", "gone\u007f",
      "RLO", "txt.\u202eexe");

  @Test
  void textThatWouldActOnTheReceiversTerminalIsRefusedAndNothingIsStored() throws Exception {
    WireClient nina = login("Nina");
    WireClient jose = login("Jose");
    for (Map.Entry<String, String> attack : TERMINAL_ATTACKS.entrySet()) {
      Frame.Error refused = nina.runFailing("2", Map.of("message", attack.getValue(),
          "recipient", String.valueOf(jose.clientId())));
      assertThat(refused.code()).as(attack.getKey()).isEqualTo(ErrorCodes.INVALID_INPUT);
      assertThat(refused.message()).as(attack.getKey())
          .matches("The message holds a (control character|text-direction override) \\(U\\+[0-9A-F]{4}\\)\\. Nothing was sent\\.");
    }
    nina.run("2", Map.of("message", "tab\tis fine", "recipient", String.valueOf(jose.clientId())));
    List<String> read = jose.run("3", Map.of());
    assertThat(read).hasSize(2);
    assertThat(read.get(1)).contains("tab\tis fine");
  }

  @Test
  void servicesThatAreNotRunningAnswerUnavailable() throws Exception {
    WireClient nina = login("Nina");
    assertThat(nina.runFailing("4", Map.of("room", "23456")).message())
        .isEqualTo("The chat room service is unavailable right now. Please try again later.");
    assertThat(nina.runFailing("5", Map.of("room", "23456")).code()).isEqualTo(ErrorCodes.UNAVAILABLE);
    assertThat(nina.runFailing("6", Map.of()).message())
        .isEqualTo("The web proxy service is unavailable right now. Please try again later.");
  }

  @Test
  void unlistedOptionsAreRefusedWithTheMenuAgain() throws Exception {
    WireClient nina = login("Nina");
    Frame.Error error = nina.runFailing("9", Map.of());
    assertThat(error.code()).isEqualTo(ErrorCodes.INVALID_OPTION);
    assertThat(error.message()).isEqualTo("Invalid option, enter a number from 1 to 7.");
  }

  @Test
  void disconnectingSaysGoodbyeAndRemovesTheUser(Vertx vertx) throws Exception {
    WireClient jose = login("Jose");
    WireClient nina = login("Nina");
    var left = new java.util.concurrent.LinkedBlockingQueue<JsonObject>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body()));
    nina.act("7", Map.of());
    assertThat(nina.expect(Frame.Bye.class).reason()).isEqualTo("Disconnected from server. Goodbye!");
    assertThat(nina.awaitClosed()).isTrue();
    assertThat(left.poll(10, TimeUnit.SECONDS).getString("name")).isEqualTo("Nina");
    assertThat(jose.run("1", Map.of())).containsExactly("Users in server: Jose:" + jose.clientId());
  }

  @Test
  void aClientThatVanishesIsCleanedUp(Vertx vertx) throws Exception {
    WireClient jose = login("Jose");
    WireClient nina = login("Nina");
    var left = new java.util.concurrent.LinkedBlockingQueue<JsonObject>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body()));
    nina.close();
    assertThat(left.poll(10, TimeUnit.SECONDS).getString("name")).isEqualTo("Nina");
    assertThat(jose.run("1", Map.of())).containsExactly("Users in server: Jose:" + jose.clientId());
  }

  @Test
  void badFramesGetAnErrorAndTheSessionGoesOn() throws Exception {
    WireClient nina = login("Nina");
    nina.sendLine("this is not json");
    assertThat(nina.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.MALFORMED);
    nina.sendLine("{\"type\":\"teleport\"}");
    Frame.Error unknown = nina.expect(Frame.Error.class);
    assertThat(unknown.code()).isEqualTo(ErrorCodes.UNKNOWN_TYPE);
    assertThat(unknown.message()).contains("teleport");
    nina.sendLine("{\"type\":\"ping\",\"id\":\"x\"}");
    assertThat(nina.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.MALFORMED);
    nina.sendLine("{\"type\":\"event\",\"text\":\"servers send these\"}");
    assertThat(nina.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.UNEXPECTED);
    // A room line still on its way when the room closed.
    nina.send(new Frame.Say(41, "late"));
    Frame.Error notInRoom = nina.expect(Frame.Error.class);
    assertThat(notInRoom.id()).isEqualTo(41L);
    assertThat(notInRoom.code()).isEqualTo(ErrorCodes.UNEXPECTED);
    assertThat(notInRoom.message()).isEqualTo("You are not in a chat room now; the line was not sent.");
    nina.sendRaw(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
    assertThat(nina.expect(Frame.Error.class).code()).isEqualTo(ErrorCodes.BAD_ENCODING);
    nina.sendLine("{\"type\":\"ping\",\"id\":1,\"pad\":\"" + "x".repeat(5000) + "\"}");
    Frame.Error tooLong = nina.expect(Frame.Error.class);
    assertThat(tooLong.code()).isEqualTo(ErrorCodes.TOO_LONG);
    assertThat(tooLong.message()).isEqualTo("The line is longer than 1024 bytes; it was discarded.");
    nina.send(new Frame.Ping(7L));
    assertThat(nina.expect(Frame.Pong.class).id()).isEqualTo(7L);
    assertThat(nina.run("1", Map.of())).containsExactly("Users in server: Nina:" + nina.clientId());
  }

  @Test
  void actionsBeforeTheHandshakeAreRefused() throws Exception {
    WireClient client = connect();
    client.expect(Frame.Hello.class);
    client.send(new Frame.Action(1, "1", Map.of()));
    Frame.Error error = client.expect(Frame.Error.class);
    assertThat(error.code()).isEqualTo(ErrorCodes.UNEXPECTED);
    assertThat(error.id()).isEqualTo(1L);
  }

  @Test
  void aFloodingClientIsThrottledThenCutOffWhileOthersCarryOn() throws Exception {
    WireClient calm = login("Calm");
    WireClient flood = login("Flood");
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      burst.append("{\"type\":\"ping\",\"id\":").append(i).append("}\n");
    }
    flood.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    boolean throttled = false;
    Frame frame;
    do {
      frame = flood.next();
      throttled |= frame instanceof Frame.Error e && e.code().equals(ErrorCodes.RATE_LIMITED);
    } while (!(frame instanceof Frame.Bye));
    assertThat(throttled).isTrue();
    assertThat(((Frame.Bye) frame).reason()).isEqualTo("Disconnected: too many requests.");
    assertThat(flood.awaitClosed()).isTrue();
    assertThat(calm.run("1", Map.of())).containsExactly("Users in server: Calm:" + calm.clientId());
  }

  @Test
  void shutdownWarnsEveryClientThenClosesAndCleansUp(Vertx vertx) throws Exception {
    WireClient nina = login("Nina");
    WireClient jose = login("Jose");
    var left = new java.util.concurrent.LinkedBlockingQueue<JsonObject>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body()));
    var undeployed = vertx.undeploy(gatewayDeployment);
    for (WireClient client : List.of(nina, jose)) {
      Frame.Shutdown notice = client.expect(Frame.Shutdown.class);
      assertThat(notice.message()).isEqualTo("Server will shut down in 1 seconds");
      assertThat(client.expect(Frame.Bye.class).reason()).isEqualTo("Server shut down.");
      assertThat(client.awaitClosed()).isTrue();
    }
    undeployed.await(10, TimeUnit.SECONDS);
    assertThat(List.of(left.poll(5, TimeUnit.SECONDS).getString("name"), left.poll(5, TimeUnit.SECONDS).getString("name")))
        .containsExactlyInAnyOrder("Nina", "Jose");
  }

  @Test
  void aDepartureTheDirectoryDidNotHearIsToldAgainUntilItIs(Vertx vertx) throws Exception {
    WireClient nina = login("Nina");
    vertx.undeploy(directoryDeployment).await(10, TimeUnit.SECONDS);
    LinkedBlockingQueue<JsonObject> left = new LinkedBlockingQueue<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.DIRECTORY_LEFT, m -> left.add(m.body())).completion().await(10, TimeUnit.SECONDS);

    nina.close(); // the directory is not there to hear it
    vertx.deployVerticle(new DirectoryVerticle(Membership.local("node-1"))).await(10, TimeUnit.SECONDS);

    // Its node is alive, so the directory's own sweep keeps Nina: only the gateway telling it again removes her.
    JsonObject gone = left.poll(20, TimeUnit.SECONDS);
    assertThat(gone).as("Nina's departure reached the directory").isNotNull();
    assertThat(gone.getString("name")).isEqualTo("Nina");
    login("Nina"); // and the name is free again
  }
}
