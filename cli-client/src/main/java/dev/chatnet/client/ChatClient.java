package dev.chatnet.client;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
 * The chatnet terminal client. It speaks the wire protocol and renders whatever the server
 * sends; it knows nothing of what an option does.
 *
 * <p>Two threads: the connection's reader shows every frame as it arrives and sets the mode
 * (asking a name, at a menu, in a room, waiting for the server); the main thread reads what
 * the user types and reads it according to the mode. After each request the main thread
 * waits until the server says what comes next, so typed-ahead lines keep their meaning.
 */
public final class ChatClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** Longer than any server-side timeout: the server always answers first. */
  private static final long ANSWER_TIMEOUT_MILLIS = 30_000;
  private static final long PING_SECONDS = 30;

  private enum Mode { WAITING, NAME, MENU, ROOM, ASK }

  private final Terminal terminal;
  private final ServerConnection connection;
  private final String host;
  private final int port;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean ending;
  private String name;

  // Guarded by this.
  private Mode mode = Mode.WAITING;
  private Frame.Menu menu;
  private Frame.Ask asked;
  private long awaitedSay = -1;
  private long nextId = 1;
  private String typedAhead;

  private ChatClient(Terminal terminal, ServerConnection connection, String host, int port, String name) {
    this.terminal = terminal;
    this.connection = connection;
    this.host = host;
    this.port = port;
    this.name = name;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    ClientOptions.Parsed parsed = ClientOptions.parse(args, System.getenv(), out, err);
    if (parsed.options() == null) {
      System.exit(parsed.exitStatus());
      return;
    }
    ClientOptions options = parsed.options();
    Terminal terminal = Terminal.open();
    String host = Optional.ofNullable(options.host()).orElseGet(() -> askOrQuit(terminal, "Enter the server IP Address: ").trim());
    int port = options.port() != null ? options.port() : askPort(terminal);
    ServerConnection connection;
    try {
      connection = ServerConnection.open(host, port, CONNECT_TIMEOUT_MILLIS, options.tls(), options.tlsCa());
    } catch (IOException e) {
      terminal.println("Could not connect to server at " + host + ":" + port + ": " + e.getMessage());
      System.exit(1);
      return;
    }
    System.exit(new ChatClient(terminal, connection, host, port, options.name()).run());
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

  private int run() {
    connection.startReading(this::onFrame, this::onClosed);
    try {
      while (true) {
        Mode now = awaitTurn();
        boolean goOn = switch (now) {
          case NAME -> nameTurn();
          case MENU -> menuTurn();
          case ROOM -> roomTurn();
          case ASK -> askTurn();
          case WAITING -> true;
        };
        if (!goOn) {
          return quit();
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

  /** Waits until the server has said what the user's next line means. */
  private synchronized Mode awaitTurn() throws InterruptedException {
    long deadline = System.currentTimeMillis() + ANSWER_TIMEOUT_MILLIS;
    while (mode == Mode.WAITING) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        terminal.println("The server did not answer in time.");
        System.exit(1);
      }
      wait(left);
    }
    return mode;
  }

  private synchronized void setMode(Mode next) {
    mode = next;
    notifyAll();
  }

  private boolean nameTurn() throws IOException {
    String proposal = name;
    name = null;
    if (proposal == null) {
      proposal = terminal.ask("Your id key (i.e your name): ");
      if (proposal == null) {
        return false;
      }
    }
    setMode(Mode.WAITING);
    connection.send(new Frame.Login(proposal.trim(), ZoneId.systemDefault().getId()));
    return true;
  }

  private boolean menuTurn() throws IOException {
    Frame.Menu current;
    String answer;
    synchronized (this) {
      current = menu;
      answer = typedAhead;
      typedAhead = null;
    }
    if (answer == null) {
      answer = terminal.ask(current.prompt());
    }
    if (answer == null) {
      return false;
    }
    String key = answer.trim();
    MenuOption chosen = current.options().stream().filter(o -> o.key().equals(key)).findFirst().orElse(null);
    if (chosen == null) {
      terminal.println(current.invalid());
      return true;
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Input input : chosen.inputs()) {
      String value = askInput(input);
      if (value == null) {
        return false;
      }
      inputs.put(input.name(), value);
    }
    long id;
    synchronized (this) {
      id = nextId++;
      mode = Mode.WAITING;
    }
    connection.send(new Frame.Action(id, chosen.key(), inputs));
    return true;
  }

  /** The server asked a follow-up question about the last action: answer it. */
  private boolean askTurn() throws IOException {
    Frame.Ask question;
    synchronized (this) {
      question = asked;
      asked = null;
    }
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Input input : question.inputs()) {
      String value = askInput(input);
      if (value == null) {
        return false;
      }
      inputs.put(input.name(), value);
    }
    synchronized (this) {
      mode = Mode.WAITING;
    }
    connection.send(new Frame.Answer(question.id(), inputs));
    return true;
  }

  private boolean roomTurn() throws IOException {
    String line = terminal.ask("");
    if (line == null) {
      return false;
    }
    long id;
    synchronized (this) {
      if (mode == Mode.MENU) {
        // The room closed while the user typed: the line answers the menu now shown.
        typedAhead = line;
        return true;
      }
      if (mode != Mode.ROOM) {
        return true;
      }
      id = nextId++;
      awaitedSay = id;
      mode = Mode.WAITING;
    }
    connection.send(new Frame.Say(id, line));
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

  /** Runs on the connection's thread: shows the frame and moves the mode on. */
  private void onFrame(Frame frame) {
    try {
      show(frame);
    } catch (IOException e) {
      connection.close();
    }
  }

  private synchronized void show(Frame frame) throws IOException {
    if (frame instanceof Frame.Hello || frame instanceof Frame.Retry) {
      if (frame instanceof Frame.Retry retry) {
        terminal.println(retry.reason());
      }
      setMode(Mode.NAME);
    } else if (frame instanceof Frame.Ready ready) {
      terminal.println("Successfully connected to server with IP: " + host + " and port: " + port);
      terminal.println("Your client info is:");
      terminal.println("Client Name: " + ready.name());
      terminal.println("Client ID: " + ready.clientId());
      connection.send(new Frame.Ack(ready.clientId()));
      startPinging();
    } else if (frame instanceof Frame.Menu next) {
      showMenu(next);
    } else if (frame instanceof Frame.Room room) {
      room.lines().forEach(terminal::println);
      setMode(Mode.ROOM);
    } else if (frame instanceof Frame.Ask ask) {
      ask.lines().forEach(terminal::println);
      asked = ask;
      setMode(Mode.ASK);
    } else if (frame instanceof Frame.Result result) {
      result.lines().forEach(terminal::println);
      answered(result.id());
    } else if (frame instanceof Frame.Error error) {
      terminal.println(error.message());
      if (error.id() != null) {
        answered(error.id());
      }
    } else if (frame instanceof Frame.Event event) {
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

  private void showMenu(Frame.Menu next) {
    StringBuilder text = new StringBuilder("\n");
    next.header().forEach(line -> text.append(Visible.line(line)).append('\n'));
    for (MenuOption option : next.options()) {
      text.append(Visible.line(option.key() + ". " + option.label())).append('\n');
    }
    text.append('\n');
    terminal.printLines(text.toString());
    boolean userIsTyping = mode == Mode.ROOM;
    menu = next;
    if (userIsTyping) {
      // The room closed under the user: the line being typed now answers the menu.
      terminal.changePrompt(next.prompt());
    }
    setMode(Mode.MENU);
  }

  /** A line said in a room was answered: the next one may go. */
  private void answered(long id) {
    if (mode == Mode.WAITING && id == awaitedSay) {
      awaitedSay = -1;
      setMode(Mode.ROOM);
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
