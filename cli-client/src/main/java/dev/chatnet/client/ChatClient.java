package dev.chatnet.client;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The chatnet terminal client's start: reads the command line, picks the terminal, asks for
 * what the command line left out, connects, and hands over to the {@link Conversation}. It
 * speaks the wire protocol and renders whatever the server sends; it knows nothing of what
 * an option does.
 */
public final class ChatClient {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private ChatClient() {
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
    Renderer renderer = new Renderer(terminal, host, port);
    System.exit(new Conversation(terminal, connection, renderer, options.name()).run());
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
}
