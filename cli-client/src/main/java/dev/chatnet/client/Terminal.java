package dev.chatnet.client;

/**
 * The user's side: lines in, text out. Lines printed from the connection's thread while the
 * user types never garble the line being typed.
 */
interface Terminal {

  /** Shows {@code prompt} and reads a line; null when the input has ended. */
  String ask(String prompt);

  /** Like {@link #ask} without showing what is typed. */
  String askSecret(String prompt);

  /** Prints a line. */
  void println(String line);

  /** Prints whole lines (each ended by a newline). */
  void printLines(String text);

  /**
   * The line being read now answers {@code prompt}: shows it, as if the read had been started
   * with it.
   */
  void changePrompt(String prompt);

  /** A line editor on a terminal, plain line I/O on pipes; either shows server text only as visible characters. */
  static Terminal open() {
    return new SafeTerminal(System.console() != null ? LineEditorTerminal.open() : new PipeTerminal());
  }
}
