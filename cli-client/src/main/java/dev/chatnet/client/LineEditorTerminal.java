package dev.chatnet.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.TerminalBuilder;

/** A terminal with a line editor: lines that arrive while the user types print above the input line. */
final class LineEditorTerminal implements Terminal {

  private final LineReader reader;

  private LineEditorTerminal(LineReader reader) {
    this.reader = reader;
  }

  static LineEditorTerminal open() {
    try {
      org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true).build();
      LineReader reader = LineReaderBuilder.builder().terminal(terminal)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
          .build();
      // No history file: chat lines may be private.
      reader.setVariable(LineReader.HISTORY_SIZE, 0);
      return new LineEditorTerminal(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String ask(String prompt) {
    return read(prompt, null);
  }

  @Override
  public String askSecret(String prompt) {
    return read(prompt, '\0');
  }

  private String read(String prompt, Character mask) {
    try {
      return reader.readLine(prompt, mask);
    } catch (UserInterruptException | EndOfFileException e) {
      return null;
    }
  }

  @Override
  public void println(String line) {
    reader.printAbove(line);
  }

  @Override
  public void printLines(String text) {
    reader.printAbove(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
  }

  @Override
  public void changePrompt(String prompt) {
    if (reader instanceof LineReaderImpl editor && reader.isReading()) {
      editor.setPrompt(prompt);
      reader.callWidget(LineReader.REDRAW_LINE);
      reader.callWidget(LineReader.REDISPLAY);
    }
  }
}
