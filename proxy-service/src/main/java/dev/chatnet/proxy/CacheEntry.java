package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stored response, or the marker of a URL whose responses vary: the marker names the
 * request headers that pick a variant, and each variant is an entry of its own. On disk: one
 * line of JSON (everything but the body, and the body's length), a newline, then the body's
 * bytes; a file whose body is short is not an entry.
 *
 * @param vary the request headers the response varies on, as the request that stored it had them
 * @param responseTime when the response arrived (RFC 9111 §4.2.3), epoch milliseconds
 * @param initialAgeMillis its corrected initial age then
 * @param source the proxy's own address toward the origin when it was fetched
 * @param lifetimeMillis its freshness lifetime, worked out once from its headers
 */
record CacheEntry(String id, String url, String domain, int status, String reason, MultiMap headers,
                  List<String> varyNames, Map<String, String> vary, long responseTime, long initialAgeMillis,
                  long storedAt, String source, Body body, CachePolicy.Rules rules, long lifetimeMillis) {

  private static final int MARKER = 0;

  static CacheEntry of(String id, String url, String domain, int status, String reason, MultiMap headers,
                       Map<String, String> vary, long responseTime, long initialAgeMillis, long storedAt, String source,
                       Body body) {
    return new CacheEntry(id, url, domain, status, reason, headers, CachePolicy.varyNames(headers), vary, responseTime,
        initialAgeMillis, storedAt, source, body, CachePolicy.rules(headers), CachePolicy.lifetimeMillis(status, headers));
  }

  /** The marker for a URL whose responses vary on {@code names}. */
  static CacheEntry marker(String id, String url, String domain, List<String> names, long now) {
    return new CacheEntry(id, url, domain, MARKER, "", MultiMap.caseInsensitiveMultiMap(), List.copyOf(names), Map.of(),
        now, 0, now, "", Body.EMPTY, new CachePolicy.Rules(Map.of(), false), 0);
  }

  boolean isMarker() {
    return status == MARKER;
  }

  /** The request headers the response varies on, as {@code request} has them, normalised. */
  static Map<String, String> varyOf(List<String> names, MultiMap request) {
    Map<String, String> values = new HashMap<>();
    for (String name : names) {
      values.put(name, normalised(name, request.getAll(name)));
    }
    return values;
  }

  /** Field lines joined, list members trimmed: {@code "en,  fr"} and {@code "en,fr"} select the same variant. */
  private static String normalised(String name, List<String> lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      for (String member : line.split(",")) {
        String m = member.trim();
        if (!m.isEmpty()) {
          out.append(out.isEmpty() ? "" : ",").append(m);
        }
      }
    }
    String value = out.toString();
    return name.equals("accept-language") || name.equals("accept-encoding") ? value.toLowerCase(Locale.ROOT) : value;
  }

  /** Whether {@code request} selects this stored variant. */
  boolean matches(MultiMap request) {
    for (Map.Entry<String, String> e : vary.entrySet()) {
      if (!e.getValue().equals(normalised(e.getKey(), request.getAll(e.getKey())))) {
        return false;
      }
    }
    return true;
  }

  /** Its current age (RFC 9111 §4.2.3): the corrected initial age plus the time it has been stored. */
  long ageMillis(long now) {
    return initialAgeMillis + Math.max(0, now - responseTime);
  }

  long size() {
    return body.length() + 512L;
  }

  JsonObject metadata() {
    JsonArray headerList = new JsonArray();
    headers.forEach(h -> headerList.add(new JsonArray().add(h.getKey()).add(h.getValue())));
    return new JsonObject()
        .put("id", id).put("url", url).put("domain", domain).put("status", status).put("reason", reason)
        .put("headers", headerList).put("varyNames", new JsonArray(List.copyOf(varyNames)))
        .put("vary", new JsonObject(new HashMap<>(vary)))
        .put("responseTime", responseTime).put("initialAge", initialAgeMillis).put("storedAt", storedAt)
        .put("source", source)
        .put("etag", headers.get("ETag")).put("lastModified", headers.get("Last-Modified"))
        .put("bodyLength", body.length());
  }

  /** The first line of its file: the metadata and the newline that ends it. */
  Buffer fileHeader() {
    return Buffer.buffer(metadata().encode(), StandardCharsets.UTF_8.name()).appendByte((byte) '\n');
  }

  /** The whole file of an entry whose body is in memory. */
  Buffer toFile() {
    return fileHeader().appendBuffer(body.bytes());
  }

  /** Where the metadata line ends in the first bytes of a file, or -1 when they hold no whole line. */
  static int headerEnd(Buffer start) {
    for (int i = 0; i < start.length(); i++) {
      if (start.getByte(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The metadata in a file's first line, or null when it is not an entry's. */
  static JsonObject metadataOf(Buffer start, int headerEnd) {
    try {
      JsonObject meta = new JsonObject(start.getString(0, headerEnd, StandardCharsets.UTF_8.name()));
      return meta.getLong("bodyLength") == null ? null : meta;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The entry that {@code meta} describes, with {@code body}, or null when they do not belong together. */
  static CacheEntry of(JsonObject meta, Body body) {
    try {
      if (body.length() != meta.getLong("bodyLength", -1L)) {
        return null;
      }
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      meta.getJsonArray("headers").forEach(h -> headers.add(((JsonArray) h).getString(0), ((JsonArray) h).getString(1)));
      Map<String, String> vary = new HashMap<>();
      meta.getJsonObject("vary").forEach(e -> vary.put(e.getKey(), String.valueOf(e.getValue())));
      JsonArray names = meta.getJsonArray("varyNames");
      List<String> varyNames = names == null ? List.copyOf(vary.keySet()) : names.stream().map(String::valueOf).toList();
      int status = meta.getInteger("status");
      if (status == MARKER) {
        return marker(meta.getString("id"), meta.getString("url"), meta.getString("domain"), varyNames,
            meta.getLong("storedAt"));
      }
      return of(meta.getString("id"), meta.getString("url"), meta.getString("domain"), status, meta.getString("reason"),
          headers, vary, meta.getLong("responseTime"),
          meta.getLong("initialAge", CachePolicy.correctedInitialAgeMillis(headers, 0, 0)), meta.getLong("storedAt"),
          meta.getString("source", "unknown"), body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
