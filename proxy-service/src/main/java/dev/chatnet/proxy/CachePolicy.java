package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP caching rules of a shared cache (RFC 9111), as far as this proxy needs them: what
 * may be stored, and for how long a stored response is fresh.
 */
final class CachePolicy {

  /** Statuses a cache may store without explicit freshness (RFC 9110 §15.1, "heuristically cacheable"). */
  private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
  private static final long HEURISTIC_CAP_MILLIS = 24L * 3600 * 1000;

  private CachePolicy() {
  }

  /** Cache-Control directives, names in lower case; a directive without a value maps to "". */
  static Map<String, String> directives(MultiMap headers) {
    Map<String, String> out = new HashMap<>();
    for (String header : headers.getAll("Cache-Control")) {
      for (String part : header.split(",")) {
        String p = part.trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : p.substring(eq + 1).trim().replace("\"", "");
        out.putIfAbsent(name, value);
      }
    }
    return out;
  }

  /** Whether a shared cache may store this answer to a GET. */
  static boolean storable(MultiMap request, int status, MultiMap response) {
    Map<String, String> req = directives(request);
    Map<String, String> res = directives(response);
    if (req.containsKey("no-store") || res.containsKey("no-store") || res.containsKey("private")) {
      return false;
    }
    if (response.getAll("Vary").stream().anyMatch(v -> v.trim().equals("*"))) {
      return false;
    }
    if (response.contains("Set-Cookie")) {
      return false; // A cookie is for one user; a shared copy would hand it to all.
    }
    if (request.contains("Authorization")
        && !(res.containsKey("public") || res.containsKey("s-maxage") || res.containsKey("must-revalidate"))) {
      return false;
    }
    boolean explicit = res.containsKey("public") || res.containsKey("s-maxage") || res.containsKey("max-age")
        || response.contains("Expires");
    boolean validators = response.contains("ETag") || response.contains("Last-Modified");
    return (explicit || HEURISTIC.contains(status)) && (explicit || validators);
  }

  /** How long after it was received a stored response stays fresh, in milliseconds. */
  static long lifetimeMillis(int status, MultiMap response) {
    Map<String, String> res = directives(response);
    if (res.containsKey("no-cache")) {
      return 0;
    }
    Long seconds = seconds(res.get("s-maxage"));
    if (seconds == null) {
      seconds = seconds(res.get("max-age"));
    }
    if (seconds != null) {
      return seconds * 1000;
    }
    Long date = date(response.get("Date"));
    long base = date == null ? System.currentTimeMillis() : date;
    if (response.contains("Expires")) {
      Long expires = date(response.get("Expires"));
      return expires == null ? 0 : Math.max(0, expires - base);
    }
    Long lastModified = date(response.get("Last-Modified"));
    if (lastModified != null && HEURISTIC.contains(status)) {
      return Math.min(HEURISTIC_CAP_MILLIS, Math.max(0, (base - lastModified) / 10));
    }
    return 0;
  }

  /** The age of the response when it was received (its Age header), in milliseconds. */
  static long initialAgeMillis(MultiMap response) {
    Long age = seconds(response.get("Age"));
    return age == null ? 0 : age * 1000;
  }

  /** Whether the request insists on the origin's word (no-cache, max-age=0). */
  static boolean demandsRevalidation(MultiMap request) {
    Map<String, String> req = directives(request);
    return req.containsKey("no-cache") || "0".equals(req.get("max-age"))
        || request.getAll("Pragma").stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("no-cache"));
  }

  static boolean forbidsStore(MultiMap request) {
    return directives(request).containsKey("no-store");
  }

  private static Long seconds(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static Long date(String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
