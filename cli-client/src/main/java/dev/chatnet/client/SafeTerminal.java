package dev.chatnet.client;

/**
 * A terminal that shows whatever the server sends through {@link Visible}, prompts included: a
 * line printed is one line on the screen, whatever it holds.
 */
final class SafeTerminal implements Terminal {

  private final Terminal terminal;

  SafeTerminal(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public String ask(String prompt) {
    return terminal.ask(Visible.line(prompt));
  }

  @Override
  public String askSecret(String prompt) {
    return terminal.askSecret(Visible.line(prompt));
  }

  @Override
  public void println(String line) {
    terminal.println(Visible.line(line));
  }

  @Override
  public void printLines(String text) {
    terminal.printLines(Visible.lines(text));
  }

  @Override
  public void changePrompt(String prompt) {
    terminal.changePrompt(Visible.line(prompt));
  }
}
