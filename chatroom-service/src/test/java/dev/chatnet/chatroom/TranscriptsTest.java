package dev.chatnet.chatroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatnet.protocol.bus.RoomEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptsTest {

  private final Vertx vertx = Vertx.vertx();

  @TempDir
  Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void stampsAreWhatInstantWrites() {
    Transcripts transcripts = new Transcripts(vertx, dir);
    long base = Instant.parse("2026-12-05T18:31:36Z").toEpochMilli();
    // Within a second, across seconds, back to an earlier one, whole seconds and single digits.
    for (long at : new long[] {base, base + 5, base + 50, base + 590, base + 999, base + 1000, base + 1001, base + 7,
        base + 86_400_000L * 400 + 20, base}) {
      assertThat(transcripts.stamp(at)).isEqualTo(Instant.ofEpochMilli(at).toString());
    }
  }

  @Test
  void eachMessageIsOneLineOfJsonWithItsTextIntact() throws Exception {
    Transcripts transcripts = new Transcripts(vertx, dir);
    long at = Instant.parse("2026-12-05T18:31:36.250Z").toEpochMilli();
    List<RoomEvent> messages = List.of(
        new RoomEvent("Hist", "e1", 1, RoomEvent.MESSAGE, 7, "Jose", "say \"hi\" to José\\ ☕ 😀 \u0007", at),
        new RoomEvent("Hist", "e1", 2, RoomEvent.MESSAGE, 8, "Ana", "second", at + 1000));
    transcripts.append("hist", messages).await(10, TimeUnit.SECONDS);
    transcripts.append("hist", List.of(new RoomEvent("Hist", "e1", 3, RoomEvent.MESSAGE, 7, "Jose", "third", at)))
        .await(10, TimeUnit.SECONDS);
    transcripts.close();

    String file = Files.readString(Transcripts.fileOf(dir, "hist"));
    assertThat(file).endsWith("\n");
    List<String> lines = file.lines().toList();
    assertThat(lines).hasSize(3);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getString("time")).isEqualTo("2026-12-05T18:31:36.250Z");
    assertThat(first.getString("room")).isEqualTo("Hist");
    assertThat(first.getLong("seq")).isEqualTo(1L);
    assertThat(first.getString("sender")).isEqualTo("Jose");
    assertThat(first.getLong("senderId")).isEqualTo(7L);
    assertThat(first.getString("text")).isEqualTo("say \"hi\" to José\\ ☕ 😀 \u0007");
    assertThat(lines.get(0)).contains("😀");
    assertThat(new JsonObject(lines.get(1)).getString("time")).isEqualTo("2026-12-05T18:31:37.250Z");
    assertThat(new JsonObject(lines.get(2)).getString("text")).isEqualTo("third");
  }
}
