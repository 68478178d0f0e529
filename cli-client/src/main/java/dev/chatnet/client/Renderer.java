package dev.chatnet.client;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.MenuOption;

/**
 * Turns each frame the server sends into what the user sees. The terminal it is given shows
 * server text only as visible characters ({@link SafeTerminal}); a menu's lines are made one
 * line each here, since they are printed together.
 */
final class Renderer {

  private final Terminal terminal;
  private final String host;
  private final int port;

  /** {@code host} and {@code port} as the user gave them, for the greeting. */
  Renderer(Terminal terminal, String host, int port) {
    this.terminal = terminal;
    this.host = host;
    this.port = port;
  }

  void show(Frame frame) {
    if (frame instanceof Frame.Retry retry) {
      terminal.println(retry.reason());
    } else if (frame instanceof Frame.Ready ready) {
      terminal.println("Successfully connected to server with IP: " + host + " and port: " + port);
      terminal.println("Your client info is:");
      terminal.println("Client Name: " + ready.name());
      terminal.println("Client ID: " + ready.clientId());
    } else if (frame instanceof Frame.Menu menu) {
      showMenu(menu);
    } else if (frame instanceof Frame.Room room) {
      room.lines().forEach(terminal::println);
    } else if (frame instanceof Frame.Ask ask) {
      ask.lines().forEach(terminal::println);
    } else if (frame instanceof Frame.Result result) {
      result.lines().forEach(terminal::println);
    } else if (frame instanceof Frame.Error error) {
      terminal.println(error.message());
    } else if (frame instanceof Frame.Event event) {
      terminal.println(event.text());
    } else if (frame instanceof Frame.Shutdown shutdown) {
      terminal.println("");
      terminal.println(shutdown.message());
    } else if (frame instanceof Frame.Bye bye && bye.reason() != null) {
      terminal.println("");
      terminal.println(bye.reason());
    }
    // Hello and Pong show nothing; a menu's prompt is shown when its answer is read.
  }

  private void showMenu(Frame.Menu menu) {
    StringBuilder text = new StringBuilder("\n");
    menu.header().forEach(line -> text.append(Visible.line(line)).append('\n'));
    for (MenuOption option : menu.options()) {
      text.append(Visible.line(option.key() + ". " + option.label())).append('\n');
    }
    text.append('\n');
    terminal.printLines(text.toString());
  }
}
