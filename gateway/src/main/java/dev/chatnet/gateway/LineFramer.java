package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.ErrorCodes;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cuts a byte stream into UTF-8 lines. A line over the limit is reported at once and its
 * bytes are skipped up to the next newline, so the session goes on; it never grows a buffer
 * past the limit. Lines that are not valid UTF-8 are reported, not decoded with replacements.
 */
final class LineFramer {

  interface Sink {
    void onLine(String line);

    void onBadLine(String code, String message);
  }

  private final int maxLine;
  private final Sink sink;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private Buffer partial;
  private boolean discarding;

  LineFramer(int maxLine, Sink sink) {
    this.maxLine = maxLine;
    this.sink = sink;
  }

  void feed(Buffer chunk) {
    int start = 0;
    int length = chunk.length();
    for (int i = 0; i < length; i++) {
      if (chunk.getByte(i) != '\n') {
        continue;
      }
      if (discarding) {
        discarding = false;
      } else if (partial == null) {
        emit(chunk, start, i);
      } else {
        partial.appendBuffer(chunk, start, i - start);
        Buffer line = partial;
        partial = null;
        emit(line, 0, line.length());
      }
      start = i + 1;
    }
    if (start < length && !discarding) {
      if (partial == null) {
        partial = Buffer.buffer(length - start);
      }
      partial.appendBuffer(chunk, start, length - start);
      if (partial.length() > maxLine) {
        tooLong();
      }
    }
  }

  private void emit(Buffer bytes, int from, int to) {
    if (to > from && bytes.getByte(to - 1) == '\r') {
      to--;
    }
    if (to - from > maxLine) {
      partial = null;
      sink.onBadLine(ErrorCodes.TOO_LONG, tooLongMessage());
      return;
    }
    if (to == from) {
      return;
    }
    String line;
    try {
      line = decoder.reset().decode(ByteBuffer.wrap(bytes.getBytes(from, to))).toString();
    } catch (CharacterCodingException e) {
      sink.onBadLine(ErrorCodes.BAD_ENCODING, "The line is not valid UTF-8; it was discarded.");
      return;
    }
    if (!line.isBlank()) {
      sink.onLine(line);
    }
  }

  private void tooLong() {
    partial = null;
    discarding = true;
    sink.onBadLine(ErrorCodes.TOO_LONG, tooLongMessage());
  }

  private String tooLongMessage() {
    return "The line is longer than " + maxLine + " bytes; it was discarded.";
  }
}
