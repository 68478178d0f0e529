package dev.chatnet.protocol.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Encodes and decodes wire frames: one JSON object per line, UTF-8. The frames a room line
 * costs (a {@code say} in, its {@code result} and an {@code event} to every member out) are
 * written and read with Jackson's streaming API rather than its data binding, into the same
 * bytes: in a busy room they are most of the gateway's JSON, and data binding's generic
 * path costs several times as much, in run time and in what the JIT has to compile.
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
      if (frame instanceof Frame.Event event) {
        return streamed(16 + length(event.text()), json -> {
          json.writeStringField("type", "event");
          stringField(json, "text", event.text());
        });
      }
      if (frame instanceof Frame.Result result) {
        return streamed(32 + (result.lines() == null ? 0 : 16 * result.lines().size()), json -> {
          json.writeStringField("type", "result");
          json.writeNumberField("id", result.id());
          if (result.lines() != null) {
            json.writeArrayFieldStart("lines");
            for (String text : result.lines()) {
              json.writeString(text);
            }
            json.writeEndArray();
          }
        });
      }
      if (frame instanceof Frame.Say say) {
        return streamed(32 + length(say.text()), json -> {
          json.writeStringField("type", "say");
          json.writeNumberField("id", say.id());
          stringField(json, "text", say.text());
        });
      }
    } catch (IOException e) {
      // Not expected of a writer to memory; data binding says what is wrong.
    }
    return Buffer.buffer(encode(frame)).appendByte((byte) '\n');
  }

  private interface Fields {
    void write(JsonGenerator json) throws IOException;
  }

  /**
   * One object of {@code fields}, and the newline. Written as text, then as UTF-8, as data
   * binding's lines are: the same bytes for any text, half a surrogate pair included.
   */
  private static Buffer streamed(int sizeHint, Fields fields) throws IOException {
    StringWriter out = new StringWriter(sizeHint);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      fields.write(json);
      json.writeEndObject();
    }
    out.write('\n');
    return Buffer.buffer(out.toString());
  }

  /** As data binding writes a field: left out when null. */
  private static void stringField(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  private static int length(String text) {
    return text == null ? 0 : text.length() + text.length() / 4;
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
