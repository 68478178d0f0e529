package dev.chatnet.client;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import java.io.IOException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chatnet terminal client. It speaks the wire protocol and renders whatever menus the
 * server sends; it knows nothing of what an option does.
 */
public final class ChatClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** Longer than any server-side timeout: the server always answers first. */
  private static final long ANSWER_TIMEOUT_MILLIS = 30_000;
  private static final long PING_SECONDS = 30;

  private final Terminal terminal;
  private final ServerConnection connection;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final String host;
  private final int port;
  private volatile boolean ending;
  private long nextId = 1;

  private ChatClient(Terminal terminal, ServerConnection connection, String host, int port) {
    this.terminal = terminal;
    this.connection = connection;
    this.host = host;
    this.port = port;
  }

  public static void main(String[] args) {
    Map<String, String> options;
    try {
      options = ClientOptions.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(ClientOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.containsKey("help")) {
      System.out.print(ClientOptions.USAGE);
      return;
    }
    Terminal terminal = new Terminal();
    String host = Optional.ofNullable(options.get("host")).orElseGet(() -> askOrQuit(terminal, "Enter the server IP Address: ")).trim();
    int port = options.containsKey("port") ? ClientOptions.port(options.get("port")) : askPort(terminal);
    ServerConnection connection;
    try {
      connection = ServerConnection.open(host, port, CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      terminal.println("Could not connect to server at " + host + ":" + port + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    System.exit(new ChatClient(terminal, connection, host, port).run(options.get("name")));
  }

  private static String askOrQuit(Terminal terminal, String prompt) {
    String answer = terminal.ask(prompt);
    if (answer == null) {
      terminal.println("");
      System.exit(1);
    }
    return answer;
  }

  private static int askPort(Terminal terminal) {
    while (true) {
      try {
        return ClientOptions.port(askOrQuit(terminal, "Enter the server port: "));
      } catch (IllegalArgumentException e) {
        terminal.println(e.getMessage());
      }
    }
  }

  private int run(String name) {
    connection.startReading(this::onPush, this::onClosed);
    try {
      Frame hello = await();
      if (!(hello instanceof Frame.Hello)) {
        terminal.println("The server did not greet as a chatnet server.");
        return 1;
      }
      if (!handshake(name)) {
        return quit();
      }
      startPinging();
      while (true) {
        Frame frame = await();
        if (frame instanceof Frame.Menu menu) {
          if (!runMenu(menu)) {
            return quit();
          }
        } else if (frame instanceof Frame.Error error) {
          terminal.println(error.message());
        }
      }
    } catch (IOException e) {
      terminal.println("Lost connection to the server: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /** Asks for a name until the server takes one; false when the user's input ended. */
  private boolean handshake(String name) throws IOException, InterruptedException {
    String proposal = name;
    while (true) {
      if (proposal == null) {
        proposal = terminal.ask("Your id key (i.e your name): ");
        if (proposal == null) {
          return false;
        }
      }
      connection.send(new Frame.Login(proposal.trim(), ZoneId.systemDefault().getId()));
      Frame answer = await();
      if (answer instanceof Frame.Ready ready) {
        terminal.println("Successfully connected to server with IP: " + host + " and port: " + port);
        terminal.println("Your client info is:");
        terminal.println("Client Name: " + ready.name());
        terminal.println("Client ID: " + ready.clientId());
        connection.send(new Frame.Ack(ready.clientId()));
        return true;
      }
      if (answer instanceof Frame.Retry retry) {
        terminal.println(retry.reason());
      } else if (answer instanceof Frame.Error error) {
        terminal.println(error.message());
      }
      proposal = null;
    }
  }

  /** Shows the menu, sends the user's choice and shows the answer; false when input ended. */
  private boolean runMenu(Frame.Menu menu) throws IOException, InterruptedException {
    StringBuilder text = new StringBuilder("\n");
    menu.header().forEach(line -> text.append(line).append('\n'));
    for (MenuOption option : menu.options()) {
      text.append(option.key()).append(". ").append(option.label()).append('\n');
    }
    text.append('\n');
    terminal.print(text.toString());
    MenuOption chosen = null;
    while (chosen == null) {
      String answer = terminal.ask(menu.prompt());
      if (answer == null) {
        return false;
      }
      chosen = menu.options().stream().filter(o -> o.key().equals(answer.trim())).findFirst().orElse(null);
      if (chosen == null) {
        terminal.println(menu.invalid());
      }
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Input input : chosen.inputs()) {
      String value = askInput(input);
      if (value == null) {
        return false;
      }
      inputs.put(input.name(), value);
    }
    long id = nextId++;
    connection.send(new Frame.Action(id, chosen.key(), inputs));
    showAnswer(id);
    return true;
  }

  private String askInput(Input input) {
    while (true) {
      String value = input.kind() == Input.Kind.SECRET ? terminal.askSecret(input.label()) : terminal.ask(input.label());
      if (value == null) {
        return null;
      }
      switch (input.kind()) {
        case NUMBER:
          try {
            Long.parseLong(value.trim());
            return value.trim();
          } catch (NumberFormatException e) {
            continue;
          }
        case YES_NO:
          String yn = value.trim().toLowerCase(Locale.ROOT);
          if (yn.equals("y") || yn.equals("n")) {
            return yn;
          }
          continue;
        default:
          return value;
      }
    }
  }

  private void showAnswer(long id) throws InterruptedException {
    Frame frame = await();
    if (frame instanceof Frame.Result result && result.id() == id) {
      result.lines().forEach(terminal::println);
    } else if (frame instanceof Frame.Error error) {
      terminal.println(error.message());
    }
  }

  private Frame await() throws InterruptedException {
    Frame frame = connection.next(ANSWER_TIMEOUT_MILLIS);
    if (frame == null) {
      terminal.println("The server did not answer in time.");
      System.exit(1);
    }
    return frame;
  }

  private void onPush(Frame frame) {
    if (frame instanceof Frame.Event event) {
      terminal.println(event.text());
    } else if (frame instanceof Frame.Shutdown shutdown) {
      ending = true;
      terminal.println("");
      terminal.println(shutdown.message());
    } else if (frame instanceof Frame.Bye bye) {
      ending = true;
      if (bye.reason() != null) {
        terminal.println("");
        terminal.println(bye.reason());
      }
    }
  }

  private void onClosed() {
    closed.countDown();
    if (ending) {
      System.exit(0);
    }
    terminal.println("");
    terminal.println("Lost connection to the server.");
    System.exit(1);
  }

  /** The user's input ended: say goodbye and let the server close. */
  private int quit() {
    ending = true;
    try {
      connection.send(new Frame.Bye(null));
      closed.await(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private void startPinging() {
    ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chatnet-ping");
      t.setDaemon(true);
      return t;
    });
    pinger.scheduleAtFixedRate(() -> {
      try {
        connection.send(new Frame.Ping(null));
      } catch (IOException e) {
        // The reader notices the lost connection.
      }
    }, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
  }
}
