package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One stored response. On disk: one line of JSON (everything but the body, and the body's
 * length), a newline, then the body's bytes; a file whose body is short is not an entry.
 */
record CacheEntry(String id, String url, String domain, int status, String reason, MultiMap headers,
                  Map<String, String> vary, long responseTime, long storedAt, Buffer body) {

  /** The request headers the response varies on, as the request that stored it had them. */
  static Map<String, String> varyOf(MultiMap response, MultiMap request) {
    Map<String, String> vary = new HashMap<>();
    for (String header : response.getAll("Vary")) {
      for (String name : header.split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (!n.isEmpty()) {
          vary.put(n, String.join(",", request.getAll(n)));
        }
      }
    }
    return vary;
  }

  /** Whether {@code request} selects this stored variant. */
  boolean matches(MultiMap request) {
    return vary.entrySet().stream().allMatch(e -> e.getValue().equals(String.join(",", request.getAll(e.getKey()))));
  }

  boolean fresh(long now) {
    long age = Math.max(0, now - responseTime) + CachePolicy.initialAgeMillis(headers);
    return age < CachePolicy.lifetimeMillis(status, headers);
  }

  JsonObject metadata() {
    JsonArray headerList = new JsonArray();
    headers.forEach(h -> headerList.add(new JsonArray().add(h.getKey()).add(h.getValue())));
    return new JsonObject()
        .put("id", id).put("url", url).put("domain", domain).put("status", status).put("reason", reason)
        .put("headers", headerList).put("vary", new JsonObject(new HashMap<>(vary)))
        .put("responseTime", responseTime).put("storedAt", storedAt)
        .put("etag", headers.get("ETag")).put("lastModified", headers.get("Last-Modified"))
        .put("bodyLength", body.length());
  }

  Buffer toFile() {
    return Buffer.buffer(metadata().encode(), StandardCharsets.UTF_8.name()).appendByte((byte) '\n').appendBuffer(body);
  }

  /** The entry in {@code file}, or null when it is not a whole entry. */
  static CacheEntry fromFile(Buffer file) {
    int newline = -1;
    for (int i = 0; i < file.length(); i++) {
      if (file.getByte(i) == '\n') {
        newline = i;
        break;
      }
    }
    if (newline < 0) {
      return null;
    }
    try {
      JsonObject meta = new JsonObject(file.getString(0, newline, StandardCharsets.UTF_8.name()));
      Buffer body = file.getBuffer(newline + 1, file.length());
      if (body.length() != meta.getInteger("bodyLength", -1)) {
        return null;
      }
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      meta.getJsonArray("headers").forEach(h -> headers.add(((JsonArray) h).getString(0), ((JsonArray) h).getString(1)));
      Map<String, String> vary = new HashMap<>();
      meta.getJsonObject("vary").forEach(e -> vary.put(e.getKey(), String.valueOf(e.getValue())));
      return new CacheEntry(meta.getString("id"), meta.getString("url"), meta.getString("domain"),
          meta.getInteger("status"), meta.getString("reason"), headers, vary, meta.getLong("responseTime"),
          meta.getLong("storedAt"), body);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
