package dev.chatnet.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.buffer.Buffer;

/** Encodes and decodes wire frames: one JSON object per line, UTF-8. */
public final class Frames {

  /** The default longest line, in bytes, either side accepts. */
  public static final int DEFAULT_MAX_LINE = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      // Newer peers may add fields; older ones ignore them.
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectReader READER = MAPPER.readerFor(Frame.class);
  private static final ObjectWriter WRITER = MAPPER.writerFor(Frame.class);

  private Frames() {
  }

  /** The frame as one line of JSON, without the newline. */
  public static String encode(Frame frame) {
    try {
      return WRITER.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + frame, e);
    }
  }

  /** The frame as sent on the wire: its JSON and the newline. */
  public static Buffer line(Frame frame) {
    return Buffer.buffer(encode(frame)).appendByte((byte) '\n');
  }

  /** Parses one line; a line that is not a frame throws {@link BadFrameException} saying why. */
  public static Frame decode(String line) throws BadFrameException {
    try {
      Frame frame = READER.readValue(line);
      if (frame == null) {
        throw new BadFrameException(BadFrameException.Reason.MALFORMED, "empty frame");
      }
      return frame;
    } catch (InvalidTypeIdException e) {
      String type = e.getTypeId();
      return failType(type);
    } catch (MismatchedInputException e) {
      throw new BadFrameException(BadFrameException.Reason.MALFORMED, fieldProblem(e));
    } catch (JsonProcessingException e) {
      // Jackson's own text names its classes and limits: the client is told where, in its terms.
      long column = e.getLocation() == null ? -1 : e.getLocation().getColumnNr();
      throw new BadFrameException(BadFrameException.Reason.MALFORMED,
          "the line is not a JSON object" + (column > 0 ? " (the problem is at character " + column + ")" : "") + ".");
    }
  }

  /** Which field of the frame is wrong, without the decoder's words. */
  private static String fieldProblem(MismatchedInputException e) {
    String field = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .reduce((a, b) -> a + "." + b)
        .orElse(null);
    return field == null
        ? "the line is not a JSON object of a frame."
        : "the frame's field '" + field + "' has the wrong kind of value.";
  }

  private static Frame failType(String type) throws BadFrameException {
    if (type == null) {
      throw new BadFrameException(BadFrameException.Reason.MALFORMED, "frame has no type");
    }
    throw new BadFrameException(BadFrameException.Reason.UNKNOWN_TYPE, "unknown frame type '" + type + "'");
  }
}
