package dev.chatnet.system;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal shows after a stream of output: enough of a VT100 (CR, LF, backspace,
 * erasing and moving within a line, moving up and down) to see what a line editor draws,
 * rather than which bytes it chose to draw it with.
 */
final class TerminalScreen {

  private final List<StringBuilder> rows = new ArrayList<>(List.of(new StringBuilder()));
  private int row;
  private int column;

  static List<String> of(String output) {
    TerminalScreen screen = new TerminalScreen();
    screen.feed(output);
    return screen.rows.stream().map(StringBuilder::toString).map(String::stripTrailing).toList();
  }

  private void feed(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u001b' && i + 1 < text.length() && text.charAt(i + 1) == '[') {
        int end = i + 2;
        while (end < text.length() && (text.charAt(end) < 0x40 || text.charAt(end) > 0x7e)) {
          end++;
        }
        if (end < text.length()) {
          control(text.substring(i + 2, end), text.charAt(end));
        }
        i = end;
      } else if (c == '\u001b') {
        i++; // A two-character escape (keypad modes, character sets): nothing to show.
      } else if (c == '\r') {
        column = 0;
      } else if (c == '\n') {
        down(1);
      } else if (c == '\b') {
        column = Math.max(0, column - 1);
      } else if (c >= 0x20) {
        put(c);
      }
    }
  }

  private void control(String parameters, char command) {
    int n = parameters.isEmpty() || !Character.isDigit(parameters.charAt(0)) ? 1
        : Integer.parseInt(parameters.replaceAll("[^0-9].*", ""));
    switch (command) {
      case 'A' -> row = Math.max(0, row - n);
      case 'B' -> down(n);
      case 'C' -> column += n;
      case 'D' -> column = Math.max(0, column - n);
      case 'G' -> column = n - 1;
      case 'K' -> {
        StringBuilder line = rows.get(row);
        if (parameters.isEmpty() || parameters.equals("0")) {
          line.setLength(Math.min(line.length(), column));
        } else {
          line.setLength(0);
        }
      }
      case 'J' -> {
        rows.get(row).setLength(Math.min(rows.get(row).length(), column));
        while (rows.size() > row + 1) {
          rows.remove(rows.size() - 1);
        }
      }
      default -> {
        // Modes, colours, bracketed paste: nothing that moves text.
      }
    }
  }

  private void down(int n) {
    row += n;
    while (rows.size() <= row) {
      rows.add(new StringBuilder());
    }
  }

  private void put(char c) {
    StringBuilder line = rows.get(row);
    while (line.length() < column) {
      line.append(' ');
    }
    if (column < line.length()) {
      line.setCharAt(column, c);
    } else {
      line.append(c);
    }
    column++;
  }
}
