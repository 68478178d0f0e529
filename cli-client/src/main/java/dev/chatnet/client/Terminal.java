package dev.chatnet.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The user's side: lines in, text out. Works on a terminal and on pipes alike, so the client
 * can be scripted. Output from the connection's thread and the user's thread never interleaves
 * within a line.
 */
final class Terminal {

  private final BufferedReader in;
  private final PrintStream out;
  private final Console console;

  Terminal() {
    this.in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    this.out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    // System.console() is null when standard input or output is not a terminal.
    this.console = System.console();
  }

  /**
   * Shows {@code prompt} and reads a line; null when the input has ended. Input from a pipe is
   * echoed, so a scripted session reads like one typed at a terminal.
   */
  String ask(String prompt) {
    return read(prompt, console == null);
  }

  private String read(String prompt, boolean echo) {
    print(prompt);
    try {
      String line = in.readLine();
      if (line != null && echo) {
        println(line);
      }
      return line;
    } catch (IOException e) {
      return null;
    }
  }

  /** Like {@link #ask} but without echo where there is a terminal. */
  String askSecret(String prompt) {
    if (console != null) {
      char[] secret = console.readPassword("%s", prompt);
      return secret == null ? null : new String(secret);
    }
    String secret = read(prompt, false);
    println("");
    return secret;
  }

  synchronized void print(String text) {
    out.print(text);
    out.flush();
  }

  synchronized void println(String line) {
    out.println(line);
  }
}
