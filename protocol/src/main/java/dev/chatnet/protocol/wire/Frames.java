package dev.chatnet.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Encodes and decodes wire frames: one JSON object per line, UTF-8. The frames a room line
 * costs (a {@code say} in, its {@code result} and an {@code event} to every member out) are
 * written from fixed parts and Jackson's string escaping, and read with its streaming parser,
 * rather than by data binding, into the same bytes: in a busy room they are most of the
 * gateway's JSON, and data binding's generic path costs several times as much, in run time
 * and in what the JIT has to compile.
 */
public final class Frames {

  /** The default longest line, in bytes, either side accepts. */
  public static final int DEFAULT_MAX_LINE = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      // Newer peers may add fields; older ones ignore them.
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectReader READER = MAPPER.readerFor(Frame.class);
  private static final ObjectWriter WRITER = MAPPER.writerFor(Frame.class);
  private static final JsonFactory JSON = MAPPER.getFactory();
  // The fixed parts of the room's frames, as data binding writes them.
  private static final byte[] EVENT_TEXT = ascii("{\"type\":\"event\",\"text\":\"");
  private static final byte[] SAY_ID = ascii("{\"type\":\"say\",\"id\":");
  private static final byte[] RESULT_ID = ascii("{\"type\":\"result\",\"id\":");
  private static final byte[] TEXT = ascii(",\"text\":\"");
  private static final byte[] LINES = ascii(",\"lines\":[");
  private static final byte[] QUOTE = ascii("\"");
  private static final byte[] NEXT_STRING = ascii("\",\"");
  private static final byte[] END_STRING = ascii("\"}\n");
  private static final byte[] END_LIST = ascii("\"]}\n");
  private static final byte[] END_EMPTY_LIST = ascii("]}\n");

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
    try {
      if (frame instanceof Frame.Event event && event.text() != null) {
        byte[] text = quoted(event.text());
        return Buffer.buffer(EVENT_TEXT.length + text.length + END_STRING.length)
            .appendBytes(EVENT_TEXT).appendBytes(text).appendBytes(END_STRING);
      }
      if (frame instanceof Frame.Say say && say.text() != null) {
        byte[] text = quoted(say.text());
        return Buffer.buffer(SAY_ID.length + 20 + TEXT.length + text.length + END_STRING.length)
            .appendBytes(SAY_ID).appendString(Long.toString(say.id())).appendBytes(TEXT).appendBytes(text).appendBytes(END_STRING);
      }
      if (frame instanceof Frame.Result result && result.lines() != null && result.lines().stream().allMatch(Objects::nonNull)) {
        Buffer line = Buffer.buffer(64).appendBytes(RESULT_ID).appendString(Long.toString(result.id())).appendBytes(LINES);
        for (int i = 0; i < result.lines().size(); i++) {
          line.appendBytes(i == 0 ? QUOTE : NEXT_STRING).appendBytes(quoted(result.lines().get(i)));
        }
        return line.appendBytes(result.lines().isEmpty() ? END_EMPTY_LIST : END_LIST);
      }
    } catch (IllegalArgumentException e) {
      // Half a surrogate pair, which the UTF-8 escaper refuses: data binding writes it as it always has.
    }
    return Buffer.buffer(encode(frame)).appendByte((byte) '\n');
  }

  /** A JSON string's content as UTF-8, escaped by Jackson as its generators escape it. */
  private static byte[] quoted(String text) {
    return JsonStringEncoder.getInstance().quoteAsUTF8(text);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Parses one line; a line that is not a frame throws {@link BadFrameException} saying why. */
  public static Frame decode(String line) throws BadFrameException {
    Frame common = streamedSayOrEvent(line);
    if (common != null) {
      return common;
    }
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

  /**
   * A {@code say} or {@code event} of the usual shape (its type first, then only its own fields,
   * each of the right kind), read with the streaming parser; null for anything else, which data
   * binding then reads, or explains.
   */
  private static Frame streamedSayOrEvent(String line) {
    boolean say = line.startsWith("{\"type\":\"say\",");
    if (!say && !line.startsWith("{\"type\":\"event\",")) {
      return null;
    }
    try (JsonParser json = JSON.createParser(line)) {
      json.nextToken();
      json.nextToken();
      json.nextToken();
      Long id = null;
      String text = null;
      JsonToken token;
      while ((token = json.nextToken()) == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (name.equals("text") && (value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL)) {
          text = value == JsonToken.VALUE_NULL ? null : json.getText();
        } else if (say && name.equals("id") && value == JsonToken.VALUE_NUMBER_INT
            && json.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          id = json.getLongValue();
        } else {
          return null;
        }
      }
      if (token != JsonToken.END_OBJECT || json.nextToken() != null) {
        return null;
      }
      if (say) {
        return id == null ? null : new Frame.Say(id, text);
      }
      return new Frame.Event(text);
    } catch (IOException e) {
      return null;
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
