package dev.chatnet.chatroom;

import dev.chatnet.protocol.bus.RoomEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
    StringBuilder lines = new StringBuilder();
    for (RoomEvent message : messages) {
      lines.append(new JsonObject()
          .put("time", Instant.ofEpochMilli(message.at()).toString())
          .put("room", message.room())
          .put("seq", message.seq())
          .put("sender", message.name())
          .put("senderId", message.userId())
          .put("text", message.text())
          .encode()).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
    return vertx.executeBlocking(() -> {
      write(key, bytes);
      return null;
    }, true);
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
