package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.Addresses;
import dev.chatnet.protocol.bus.Deposit;
import dev.chatnet.protocol.bus.DepositOutcome;
import dev.chatnet.protocol.bus.DirectMessage;
import dev.chatnet.protocol.bus.RoomIds;
import dev.chatnet.protocol.bus.RoomJoined;
import dev.chatnet.protocol.bus.RoomRequest;
import dev.chatnet.protocol.bus.User;
import dev.chatnet.protocol.wire.ErrorCodes;
import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The main menu of SPEC §2, and what each option asks of which service. */
final class MainMenu implements Screen {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  static final Frame.Menu MENU = new Frame.Menu("main",
      List.of("****** TCP Message App ******", "-----------------------", "Options Available:"),
      List.of(
          option("1", "Get user list"),
          option("2", "Send a message",
              new Input("message", "Enter your message: ", Input.Kind.TEXT),
              new Input("recipient", "Enter recipient id: ", Input.Kind.NUMBER)),
          option("3", "Get my messages"),
          option("4", "Create a new chat room", new Input("room", "Enter new chat room id: ", Input.Kind.TEXT)),
          option("5", "Join an existing chat room", new Input("room", "Enter chat room id to join: ", Input.Kind.TEXT)),
          option("6", "Turn web proxy server on"),
          option("7", "Disconnect from server")),
      "Your option <enter a number>: ",
      "Invalid option, enter a number from 1 to 7.");
  /** Encoded once: every action ends with it. */
  private static final Buffer MENU_LINE = Frames.line(MENU);

  private final Services services;
  private final MailboxLane mailbox;
  private final RoomHub rooms;
  private final long proxyTimeoutMillis;

  MainMenu(Services services, RoomHub rooms, long proxyTimeoutMillis) {
    this.services = services;
    this.mailbox = new MailboxLane(services);
    this.rooms = rooms;
    this.proxyTimeoutMillis = proxyTimeoutMillis;
  }

  @Override
  public Frame.Menu menu() {
    return MENU;
  }

  @Override
  public Buffer menuLine() {
    return MENU_LINE;
  }

  @Override
  public Future<Outcome> choose(Session session, String option, Map<String, String> inputs) {
    return switch (option) {
      case "1" -> userList();
      case "2" -> sendMessages(session, List.of(inputs)).map(outcomes -> outcomes.get(0));
      case "3" -> myMessages(session);
      case "4" -> enterRoom(Addresses.CHATROOM_CREATE, session, inputs.get("room"), true);
      case "5" -> enterRoom(Addresses.CHATROOM_JOIN, session, inputs.get("room"), false);
      case "6" -> proxy(session);
      case "7" -> Future.succeededFuture(new Outcome.Disconnect("Disconnected from server. Goodbye!"));
      default -> Future.succeededFuture(new Outcome.Failed(ErrorCodes.INVALID_OPTION, MENU.invalid()));
    };
  }

  /**
   * Messages sent one after another go to the mailbox in one request, in their order (and
   * with other sessions' messages, see {@link MailboxLane}).
   */
  @Override
  public boolean batches(String option) {
    return option.equals("2");
  }

  @Override
  public Future<List<Outcome>> chooseAll(Session session, String option, List<Map<String, String>> inputs) {
    if (!batches(option)) {
      throw new IllegalArgumentException("option " + option + " does not batch");
    }
    return sendMessages(session, inputs);
  }

  private Future<Outcome> userList() {
    return services.request(Addresses.DIRECTORY_LIST, new JsonObject())
        .map(reply -> {
          String users = reply.getJsonArray("users").stream()
              .map(u -> User.fromJson((JsonObject) u))
              .map(u -> u.name() + ":" + u.id())
              .collect(Collectors.joining(", "));
          return Outcome.lines("Users in server: " + users);
        })
        .otherwise(err -> BusFailures.unexpected("directory", err));
  }

  private Future<List<Outcome>> sendMessages(Session session, List<Map<String, String>> inputs) {
    Outcome[] outcomes = new Outcome[inputs.size()];
    List<Deposit> deposits = new ArrayList<>(inputs.size());
    // Where each deposit's outcome goes: a recipient id that is no number never leaves here.
    int[] slots = new int[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      String recipient = inputs.get(i).get("recipient");
      String text = inputs.get(i).get("message");
      long to;
      try {
        to = Long.parseLong(recipient == null ? "" : recipient.trim());
      } catch (NumberFormatException e) {
        outcomes[i] = new Outcome.Failed(ErrorCodes.INVALID_INPUT, "The recipient id must be a number.");
        continue;
      }
      DirectMessage message = new DirectMessage(RequestIds.next(), session.clientId(), session.name(),
          text == null ? "" : text, System.currentTimeMillis());
      slots[deposits.size()] = i;
      deposits.add(new Deposit(to, message));
    }
    if (deposits.isEmpty()) {
      return Future.succeededFuture(List.of(outcomes));
    }
    return mailbox.deposit(deposits)
        .map(answers -> {
          for (int d = 0; d < deposits.size(); d++) {
            DepositOutcome answer = answers.get(d);
            outcomes[slots[d]] = answer.stored() ? Outcome.lines("Message sent!") : BusFailures.messageRefused(deposits.get(d).to(), answer.exception());
          }
          return List.of(outcomes);
        })
        .otherwise(err -> {
          for (int d = 0; d < deposits.size(); d++) {
            outcomes[slots[d]] = BusFailures.messageRefused(deposits.get(d).to(), err);
          }
          return List.of(outcomes);
        });
  }

  private Future<Outcome> myMessages(Session session) {
    // The ack tells the mailbox the last drain reached this user; one that did not comes again.
    JsonObject request = new JsonObject()
        .put("owner", session.clientId())
        .put("session", session.sessionId())
        .put("token", RequestIds.next())
        .put("ack", session.drainAck());
    return services.request(Addresses.MAILBOX_DRAIN, request)
        .map(reply -> {
          session.drainAck(reply.getString("token"));
          JsonArray messages = reply.getJsonArray("messages");
          if (messages.isEmpty()) {
            return Outcome.lines("You have no new messages.");
          }
          List<String> lines = new ArrayList<>(messages.size() + 1);
          lines.add("My messages:");
          for (Object m : messages) {
            DirectMessage message = DirectMessage.fromJson((JsonObject) m);
            String time = TIME.format(Instant.ofEpochMilli(message.sentAt()).atZone(session.zone()));
            lines.add(time + ": " + message.text() + " (from: " + message.fromName() + ")");
          }
          return (Outcome) new Outcome.Lines(lines);
        })
        .otherwise(err -> BusFailures.unexpected("mailbox", err));
  }

  /** Creates or joins; the session listens to the room before asking, so it misses nothing after its join. */
  private Future<Outcome> enterRoom(String address, Session session, String typed, boolean create) {
    String id = typed == null ? "" : typed.trim();
    var problem = RoomIds.problem(id);
    if (problem.isPresent()) {
      return Future.succeededFuture(new Outcome.Failed(ErrorCodes.INVALID_INPUT, problem.get()));
    }
    RoomChannel channel = rooms.channel(RoomIds.key(id));
    return channel.hold()
        .compose(v -> services.request(address, new RoomRequest(id, null, session.user(), null).toJson()))
        .map(reply -> (Outcome) new Outcome.EnterRoom(channel, reply.mapTo(RoomJoined.class), create))
        .otherwise(err -> {
          channel.release();
          return BusFailures.roomRefused(err);
        });
  }

  /** The proxy settings menu, once a proxy service answers. */
  private Future<Outcome> proxy(Session session) {
    return services.request(Addresses.PROXY_STATUS, new JsonObject())
        .map(reply -> (Outcome) new Outcome.Switch(new ProxyMenu(services, this, session, proxyTimeoutMillis), List.of()))
        .otherwise(err -> BusFailures.unexpected("web proxy", err));
  }

  private static MenuOption option(String key, String label, Input... inputs) {
    return new MenuOption(key, label, List.of(inputs));
  }
}
