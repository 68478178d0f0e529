package dev.chatnet.client;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Input;
import dev.chatnet.protocol.wire.MenuOption;
import java.io.IOException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The turn-taking with the server, from the greeting to goodbye.
 *
 * <p>Two threads: the connection's reader shows every frame as it arrives and sets the mode
 * (asking a name, at a menu, in a room, waiting for the server); the main thread reads what
 * the user types and reads it according to the mode. After each request the main thread
 * waits until the server says what comes next, so typed-ahead lines keep their meaning; the
 * one exception is a line said in a room, which means the same whatever the answer: the
 * lines of a paste go at once (up to {@link #UNANSWERED_LINES} unanswered), and the server
 * takes them to the room together.
 */
final class Conversation {

  /** Longer than any server-side timeout: the server always answers first. */
  private static final long ANSWER_TIMEOUT_MILLIS = 30_000;
  private static final long PING_SECONDS = 30;
  /** Room lines sent before their answers come: as many as the gateway queues before it stops reading. */
  private static final int UNANSWERED_LINES = 16;

  private enum Mode { WAITING, NAME, MENU, ROOM, ASK }

  private final Terminal terminal;
  private final ServerConnection connection;
  private final Renderer renderer;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean ending;
  private String name;

  // Guarded by this.
  private Mode mode = Mode.WAITING;
  private Frame.Menu menu;
  private Frame.Ask asked;
  private long awaitedSay = -1;
  /** Room lines sent and not answered yet. */
  private final Set<Long> unansweredLines = new HashSet<>();
  private long nextId = 1;
  private String typedAhead;

  /** {@code name} is proposed first without asking; null to ask. */
  Conversation(Terminal terminal, ServerConnection connection, Renderer renderer, String name) {
    this.terminal = terminal;
    this.connection = connection;
    this.renderer = renderer;
    this.name = name;
  }

  /** Runs until the user's input or the connection ends; yields the exit status. */
  int run() {
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
      if (Frame.Say.steers(line)) {
        // 'exit' and 'bye' may leave the room: the next line waits to know what it means.
        awaitedSay = id;
        mode = Mode.WAITING;
      } else {
        unansweredLines.add(id);
        if (unansweredLines.size() >= UNANSWERED_LINES) {
          mode = Mode.WAITING;
        }
      }
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
      advance(frame);
    } catch (IOException e) {
      connection.close();
    }
  }

  private synchronized void advance(Frame frame) throws IOException {
    if (frame instanceof Frame.Shutdown || frame instanceof Frame.Bye) {
      ending = true;
    }
    renderer.show(frame);
    if (frame instanceof Frame.Hello hello) {
      connection.pace(hello.rate(), hello.burst());
      setMode(Mode.NAME);
    } else if (frame instanceof Frame.Retry) {
      setMode(Mode.NAME);
    } else if (frame instanceof Frame.Ready ready) {
      connection.send(new Frame.Ack(ready.clientId()));
      connection.keepAlive(PING_SECONDS);
    } else if (frame instanceof Frame.Menu next) {
      // Out of the room: lines still unanswered are answered as not said.
      unansweredLines.clear();
      boolean userIsTyping = mode == Mode.ROOM;
      menu = next;
      if (userIsTyping) {
        // The room closed under the user: the line being typed now answers the menu.
        terminal.changePrompt(next.prompt());
      }
      setMode(Mode.MENU);
    } else if (frame instanceof Frame.Room) {
      setMode(Mode.ROOM);
    } else if (frame instanceof Frame.Ask ask) {
      asked = ask;
      setMode(Mode.ASK);
    } else if (frame instanceof Frame.Result result) {
      answered(result.id());
    } else if (frame instanceof Frame.Error error && error.id() != null) {
      answered(error.id());
    }
  }

  /** A line said in a room was answered: the next one may go. */
  private void answered(long id) {
    if (unansweredLines.remove(id)) {
      if (mode == Mode.WAITING && awaitedSay < 0 && unansweredLines.size() < UNANSWERED_LINES) {
        setMode(Mode.ROOM);
      }
      return;
    }
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
}
