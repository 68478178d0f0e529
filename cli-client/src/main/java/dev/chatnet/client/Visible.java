package dev.chatnet.client;

/**
 * Text from the server made safe to print: a control character or a bidirectional override
 * shows as a visible escape ({@code ^[} for ESC, {@code <U+009B>}, {@code <U+202E>}) instead of
 * acting on the terminal. The server refuses such text from users; this keeps an older or a
 * hostile server from doing it either.
 */
final class Visible {

  private Visible() {
  }

  /** One line: nothing in it moves the cursor or changes the terminal. */
  static String line(String text) {
    return escape(text, false);
  }

  /** Lines ended by newlines, which stay; a CR before a newline (CRLF) goes. */
  static String lines(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean keepNewlines) {
    int first = firstUnsafe(text, keepNewlines);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c == '\r' && (i == text.length() || text.charAt(i) == '\n')) {
        continue;
      }
      if (!unsafe(c, keepNewlines)) {
        out.appendCodePoint(c);
      } else if (c < 0x20) {
        out.append('^').append((char) (c + 0x40));
      } else if (c == 0x7f) {
        out.append("^?");
      } else {
        out.append(String.format("<U+%04X>", c));
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text, boolean keepNewlines) {
    for (int i = 0; i < text.length(); i++) {
      if (unsafe(text.charAt(i), keepNewlines)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(int c, boolean keepNewlines) {
    if (c == '\t' || (c == '\n' && keepNewlines)) {
      return false;
    }
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
  }
}
