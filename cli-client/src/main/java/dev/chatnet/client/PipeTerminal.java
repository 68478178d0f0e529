package dev.chatnet.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Plain line I/O, for standard input from a pipe or file: the client can be scripted. What is
 * read is echoed (secrets excepted), so a scripted session reads like one typed at a terminal.
 */
final class PipeTerminal implements Terminal {

  private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
  private final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);

  @Override
  public String ask(String prompt) {
    return read(prompt, true);
  }

  @Override
  public String askSecret(String prompt) {
    String secret = read(prompt, false);
    println("");
    return secret;
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

  private synchronized void print(String text) {
    out.print(text);
    out.flush();
  }

  @Override
  public synchronized void println(String line) {
    out.println(line);
  }

  @Override
  public void printLines(String text) {
    print(text);
  }

  @Override
  public void changePrompt(String prompt) {
    print(prompt);
  }
}
