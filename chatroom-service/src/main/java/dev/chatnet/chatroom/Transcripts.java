package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends every room message to {@code <data-dir>/transcripts/<room>.jsonl}, one JSON object
 * a line. Files are opened in append mode and each batch of lines goes in one write, so lines from
 * several instances sharing the directory never interleave. The writes run on a worker
 * thread, one at a time.
 */
final class Transcripts implements AutoCloseable {

  /** Open files kept at most; the least recently used is closed past it. */
  private static final int OPEN_FILES = 128;
  private static final JsonFactory JSON = new JsonFactory();

  /** The last second a line was stamped with, as {@link Instant#toString} writes it without its 'Z'. */
  private long stampSecond = Long.MIN_VALUE;
  private String stampPrefix;

  private final Vertx vertx;
  private final Path dir;
  private final Map<String, FileChannel> open = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, FileChannel> eldest) {
      if (size() > OPEN_FILES) {
        closeQuietly(eldest.getValue());
        return true;
      }
      return false;
    }
  };

  Transcripts(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  static Path fileOf(Path dir, String key) {
    return dir.resolve(key + ".jsonl");
  }

  /** Appends the messages, in one write. */
  Future<Void> append(String key, List<RoomEvent> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    // Written as text, then as UTF-8: characters beyond the BMP stay as typed, not escaped.
    StringWriter out = new StringWriter(160 * messages.size());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
      for (RoomEvent message : messages) {
        json.writeStartObject();
        json.writeStringField("time", stamp(message.at()));
        json.writeStringField("room", message.room());
        json.writeNumberField("seq", message.seq());
        json.writeStringField("sender", message.name());
        json.writeNumberField("senderId", message.userId());
        json.writeStringField("text", message.text());
        json.writeEndObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    ByteBuffer bytes = ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.UTF_8));
    return vertx.executeBlocking(() -> {
      write(key, bytes);
      return null;
    }, true);
  }

  /**
   * {@code at} as {@link Instant#toString} writes it, the second's part formatted once per
   * second: a busy room stamps thousands of lines within one.
   */
  String stamp(long at) {
    long second = Math.floorDiv(at, 1000);
    int millis = (int) Math.floorMod(at, 1000);
    if (second != stampSecond) {
      String whole = Instant.ofEpochSecond(second).toString();
      stampPrefix = whole.substring(0, whole.length() - 1);
      stampSecond = second;
    }
    if (millis == 0) {
      return stampPrefix + 'Z';
    }
    return stampPrefix + '.' + (char) ('0' + millis / 100) + (char) ('0' + millis / 10 % 10) + (char) ('0' + millis % 10) + 'Z';
  }

  private synchronized void write(String key, ByteBuffer bytes) throws IOException {
    FileChannel channel = open.get(key);
    if (channel == null) {
      Files.createDirectories(dir);
      channel = FileChannel.open(fileOf(dir, key), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      open.put(key, channel);
    }
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  @Override
  public synchronized void close() {
    open.values().forEach(Transcripts::closeQuietly);
    open.clear();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
  }
}
