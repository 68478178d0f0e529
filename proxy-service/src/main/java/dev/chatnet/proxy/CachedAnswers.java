package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a stored (or just fetched, whole) response answers to the client's own request: the
 * response itself, {@code 304 Not Modified} when the client's precondition says it has it
 * (RFC 9110 §13.1.1, §13.1.3), or the one byte range it asked for (RFC 9110 §14).
 */
final class CachedAnswers {

  private static final Pattern RANGE = Pattern.compile("bytes=\\s*(\\d*)-(\\d*)\\s*");
  /** The headers a 304 carries (RFC 9110 §15.4.5), and Age. */
  private static final List<String> NOT_MODIFIED_HEADERS = List.of("Cache-Control", "Content-Location", "Date", "ETag",
      "Expires", "Vary", "Age", "Last-Modified");

  private CachedAnswers() {
  }

  /** The stored entry's answer to {@code request}, with its current Age (RFC 9111 §5.1). */
  static Fetched answer(CacheEntry entry, URI uri, MultiMap request, long now) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(entry.headers());
    headers.set("Age", String.valueOf(entry.ageMillis(now) / 1000));
    return conditional(new Fetched(uri, entry.status(), entry.reason(), headers, entry.body(), entry.source(), true),
        request, entry.responseTime());
  }

  /** The whole response {@code full}, received at {@code receivedAt}, or what the client's conditions and range make of it. */
  static Fetched conditional(Fetched full, MultiMap request, long receivedAt) {
    if (full.status() != 200) {
      return full;
    }
    if (notModified(full.headers(), request, receivedAt)) {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      for (String name : NOT_MODIFIED_HEADERS) {
        List<String> values = full.headers().getAll(name);
        if (!values.isEmpty()) {
          headers.set(name, values);
        }
      }
      full.body().release();
      return new Fetched(full.uri(), 304, "Not Modified", headers, Body.EMPTY, full.sourceAddress(), full.cached());
    }
    String range = request.get("Range");
    if (range != null && request.getAll("Range").size() == 1 && ifRangeHolds(full.headers(), request.get("If-Range"))) {
      return ranged(full, range);
    }
    return full;
  }

  private static boolean notModified(MultiMap response, MultiMap request, long receivedAt) {
    List<String> inm = request.getAll("If-None-Match");
    if (!inm.isEmpty()) {
      String etag = response.get("ETag");
      for (String line : inm) {
        for (String tag : line.split(",")) {
          String t = tag.trim();
          if (t.equals("*") || (etag != null && weakMatch(t, etag.trim()))) {
            return true;
          }
        }
      }
      return false; // If-Modified-Since is ignored when If-None-Match is there.
    }
    Long since = HttpDates.parse(request.get("If-Modified-Since"));
    if (since == null) {
      return false;
    }
    Long modified = HttpDates.parse(response.get("Last-Modified"));
    if (modified == null) {
      // RFC 9111 §4.3.2: without Last-Modified, the Date, else the time it was received.
      modified = HttpDates.parse(response.get("Date"));
    }
    return (modified == null ? receivedAt : modified) <= since;
  }

  private static boolean weakMatch(String a, String b) {
    return opaque(a).equals(opaque(b)) && !opaque(a).isEmpty();
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /** If-Range (RFC 9110 §13.1.5): a strong ETag equal to the stored one, or the stored Last-Modified exactly. */
  private static boolean ifRangeHolds(MultiMap response, String ifRange) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"")) {
      String etag = response.get("ETag");
      return etag != null && etag.trim().equals(v);
    }
    if (v.startsWith("W/")) {
      return false;
    }
    Long date = HttpDates.parse(v);
    Long modified = HttpDates.parse(response.get("Last-Modified"));
    return date != null && date.equals(modified);
  }

  /** One range of the body; several ranges, or a range that cannot be read, get the whole body. */
  private static Fetched ranged(Fetched full, String range) {
    Matcher m = RANGE.matcher(range.trim());
    long length = full.body().length();
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      return full;
    }
    long first;
    long last;
    try {
      if (m.group(1).isEmpty()) {
        long suffix = Long.parseLong(m.group(2));
        if (suffix == 0) {
          return unsatisfiable(full, length);
        }
        first = Math.max(0, length - suffix);
        last = length - 1;
      } else {
        first = Long.parseLong(m.group(1));
        long asked = m.group(2).isEmpty() ? Long.MAX_VALUE : Long.parseLong(m.group(2));
        if (asked < first) {
          return full; // An invalid range is ignored.
        }
        last = Math.min(asked, length - 1);
      }
    } catch (NumberFormatException e) {
      return full;
    }
    if (first >= length) {
      return unsatisfiable(full, length);
    }
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(full.headers());
    headers.set("Content-Range", "bytes " + first + "-" + last + "/" + length);
    return new Fetched(full.uri(), 206, "Partial Content", headers, full.body().slice(first, last + 1),
        full.sourceAddress(), full.cached());
  }

  private static Fetched unsatisfiable(Fetched full, long length) {
    full.body().release();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Range", "bytes */" + length);
    return new Fetched(full.uri(), 416, "Range Not Satisfiable", headers, Body.EMPTY, full.sourceAddress(),
        full.cached());
  }
}
