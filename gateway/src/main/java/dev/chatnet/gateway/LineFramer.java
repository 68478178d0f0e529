package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.ErrorCodes;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into UTF-8 lines. A line over the limit is reported at once and its
 * bytes are skipped up to the next newline, so the session goes on; it never grows a buffer
 * past the limit. Lines that are not valid UTF-8 are reported, not decoded with replacements.
 * Only the unfinished tail of a read is copied: a chunk is not kept after {@link #feed}.
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
  /** The start of a line that has not ended yet, or null; most reads end on a newline. */
  private byte[] partial;
  private int partialLength;
  private boolean discarding;

  LineFramer(int maxLine, Sink sink) {
    this.maxLine = maxLine;
    this.sink = sink;
  }

  /** Whether a line has begun and not ended (or an over-long one is still being discarded). */
  boolean midLine() {
    return partial != null || discarding;
  }

  void feed(ByteBuf chunk) {
    int start = chunk.readerIndex();
    int end = chunk.writerIndex();
    while (start < end) {
      int newline = chunk.indexOf(start, end, (byte) '\n');
      if (newline < 0) {
        break;
      }
      if (discarding) {
        discarding = false;
      } else if (partial == null) {
        emit(chunk.nioBuffer(start, newline - start));
      } else {
        append(chunk, start, newline - start);
        ByteBuffer line = ByteBuffer.wrap(partial, 0, partialLength);
        partial = null;
        partialLength = 0;
        emit(line);
      }
      start = newline + 1;
    }
    if (start < end && !discarding) {
      if (partialLength + (end - start) > maxLine) {
        tooLong();
      } else {
        append(chunk, start, end - start);
      }
    }
  }

  private void append(ByteBuf chunk, int from, int length) {
    if (partial == null) {
      partial = new byte[Math.max(64, length)];
      partialLength = 0;
    } else if (partialLength + length > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partialLength + length, Math.min(maxLine + 1, partial.length * 2)));
    }
    chunk.getBytes(from, partial, partialLength, length);
    partialLength += length;
  }

  private void emit(ByteBuffer bytes) {
    int length = bytes.remaining();
    if (length > 0 && bytes.get(bytes.position() + length - 1) == '\r') {
      bytes.limit(bytes.limit() - 1);
      length--;
    }
    if (length > maxLine) {
      sink.onBadLine(ErrorCodes.TOO_LONG, tooLongMessage());
      return;
    }
    if (length == 0) {
      return;
    }
    String line;
    try {
      line = decoder.reset().decode(bytes).toString();
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
    partialLength = 0;
    discarding = true;
    sink.onBadLine(ErrorCodes.TOO_LONG, tooLongMessage());
  }

  private String tooLongMessage() {
    return "The line is longer than " + maxLine + " bytes; it was discarded.";
  }
}
