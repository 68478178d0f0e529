package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The caching rules of a shared cache (RFC 9111): what may be stored, how long a stored
 * response is fresh, how old it is, and when a stale one may still be used.
 *
 * <p>The proxy is the shared cache in front of every user of the network, so it takes
 * {@code CDN-Cache-Control} (RFC 9213) as meant for it: when that field is present and valid it
 * replaces {@code Cache-Control} and {@code Expires} for the cache's own decisions, and it is
 * passed on to the client unchanged.
 */
final class CachePolicy {

  /** Statuses a cache may store without explicit freshness (RFC 9110 §15.1, "heuristically cacheable"). */
  private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501);
  /** Final statuses whose meaning this cache knows, for must-understand. */
  private static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 300, 301, 302, 303, 307, 308, 404, 405, 410,
      414, 500, 501, 502, 503, 504);
  private static final long HEURISTIC_CAP_MILLIS = 24L * 3600 * 1000;
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern DIRECTIVE = Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+)(?:=(\"(?:[^\"\\\\]|\\\\.)*\"|[!#$%&'*+.^_`|~0-9A-Za-z-]+))?");
  private static final Pattern SF_KEY = Pattern.compile("[a-z*][a-z0-9_.*-]*");
  private static final Pattern SF_INTEGER = Pattern.compile("-?\\d{1,15}");
  private static final Pattern SF_ITEM = Pattern.compile(
      "-?\\d{1,15}(\\.\\d{1,3})?|\"(?:[^\"\\\\]|\\\\[\"\\\\])*\"|[A-Za-z*][!#$%&'*+.^_`|~0-9A-Za-z:/-]*|:[A-Za-z0-9+/=]*:|\\?[01]");

  private CachePolicy() {
  }

  /**
   * The directives that govern this cache's use of a response: {@code CDN-Cache-Control} when it
   * is there and valid, else {@code Cache-Control}.
   */
  record Rules(Map<String, String> directives, boolean targeted) {

    boolean has(String name) {
      return directives.containsKey(name);
    }

    Long seconds(String name) {
      return CachePolicy.deltaSeconds(directives.get(name));
    }

    /** A stale copy must not be used without the origin's word (RFC 9111 §5.2.2.2, 5.2.2.8, 5.2.2.10). */
    boolean forbidsStale() {
      return has("must-revalidate") || has("proxy-revalidate") || has("s-maxage") || has("no-cache");
    }
  }

  static Rules rules(MultiMap response) {
    List<String> targeted = response.getAll("CDN-Cache-Control");
    if (!targeted.isEmpty()) {
      Map<String, String> cdn = structuredDictionary(String.join(",", targeted));
      if (cdn != null) {
        return new Rules(cdn, true);
      }
    }
    return new Rules(directives(response), false);
  }

  /** Cache-Control directives, names in lower case; a directive without a value maps to "". First one wins. */
  static Map<String, String> directives(MultiMap headers) {
    Map<String, String> out = new HashMap<>();
    for (String header : headers.getAll("Cache-Control")) {
      for (String part : splitList(header)) {
        Matcher m = DIRECTIVE.matcher(part);
        if (!m.matches()) {
          continue; // "max-age =5", "max-age= 5": not a directive.
        }
        String value = m.group(2) == null ? "" : unquote(m.group(2));
        out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), value);
      }
    }
    return out;
  }

  /**
   * An RFC 8941 dictionary as targeted fields use it, or null when the field does not parse
   * (then it is ignored as a whole). Integer values become their digits, booleans "" or null.
   */
  static Map<String, String> structuredDictionary(String field) {
    Map<String, String> out = new HashMap<>();
    for (String member : splitList(field)) {
      if (member.isEmpty()) {
        return null;
      }
      String[] params = member.split(";", -1);
      String item = params[0];
      int eq = item.indexOf('=');
      String key = eq < 0 ? item : item.substring(0, eq);
      if (!SF_KEY.matcher(key).matches()) {
        return null;
      }
      for (int i = 1; i < params.length; i++) {
        String p = params[i].trim();
        int peq = p.indexOf('=');
        if (!SF_KEY.matcher(peq < 0 ? p : p.substring(0, peq)).matches()
            || (peq >= 0 && !SF_ITEM.matcher(p.substring(peq + 1)).matches())) {
          return null;
        }
      }
      if (eq < 0) {
        out.put(key, "");
        continue;
      }
      String value = item.substring(eq + 1);
      if (!SF_ITEM.matcher(value).matches()) {
        return null;
      }
      if (value.equals("?0")) {
        out.remove(key);
      } else if (value.equals("?1")) {
        out.put(key, "");
      } else if (SF_INTEGER.matcher(value).matches()) {
        out.put(key, value);
      } else {
        // A value of the wrong type: the directive cannot be used, the field still is.
        out.remove(key);
      }
    }
    return out;
  }

  /** A comma-separated list's members, trimmed, commas inside quoted strings kept. */
  private static List<String> splitList(String header) {
    List<String> parts = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (quoted && c == '\\' && i + 1 < header.length()) {
        current.append(c).append(header.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ',' && !quoted) {
        parts.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString().trim());
    if (parts.size() > 1 || !parts.get(0).isEmpty()) {
      return parts.stream().filter(p -> !p.isEmpty()).toList();
    }
    return List.of();
  }

  private static String unquote(String value) {
    if (value.length() >= 2 && value.startsWith("\"")) {
      return value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
    }
    return value;
  }

  /** The request headers named by Vary, lower case; "*" when the response varies on anything. */
  static List<String> varyNames(MultiMap response) {
    List<String> names = new java.util.ArrayList<>();
    for (String header : response.getAll("Vary")) {
      for (String name : header.split(",")) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("*")) {
          return List.of("*");
        }
        if (!n.isEmpty() && TOKEN.matcher(n).matches() && !names.contains(n)) {
          names.add(n);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /** Whether a shared cache may store this answer to a GET. */
  static boolean storable(MultiMap request, int status, MultiMap response) {
    if (status < 200 || status == 206 || status == 304) {
      return false; // Interim, partial and not-modified answers are not the resource.
    }
    Rules rules = rules(response);
    Map<String, String> cc = directives(response);
    // must-understand (RFC 9111 §5.2.2.3): stored only with a status this cache knows, and then despite no-store.
    boolean mustUnderstand = rules.has("must-understand");
    if (mustUnderstand && !UNDERSTOOD.contains(status)) {
      return false;
    }
    if (directives(request).containsKey("no-store") || (rules.has("no-store") && !mustUnderstand)
        || rules.has("private")) {
      return false;
    }
    if (varyNames(response).contains("*")) {
      return false;
    }
    if (response.contains("Set-Cookie")) {
      return false; // A cookie is for one user; a shared copy would hand it to all.
    }
    if (request.contains("Authorization")
        && !(cc.containsKey("public") || cc.containsKey("s-maxage") || cc.containsKey("must-revalidate"))) {
      return false;
    }
    boolean explicit = rules.has("public") || rules.seconds("s-maxage") != null || rules.seconds("max-age") != null
        || (!rules.targeted() && response.contains("Expires"));
    boolean validators = response.contains("ETag") || response.contains("Last-Modified");
    return explicit || (HEURISTIC.contains(status) && validators) || (rules.has("no-cache") && validators);
  }

  /** How long after it was generated a stored response stays fresh, in milliseconds (RFC 9111 §4.2.1). */
  static long lifetimeMillis(int status, MultiMap response) {
    Rules rules = rules(response);
    if (rules.has("no-cache")) {
      return 0;
    }
    Long seconds = rules.seconds("s-maxage");
    if (seconds == null) {
      seconds = rules.seconds("max-age");
    }
    if (seconds != null) {
      return Math.min(seconds, Long.MAX_VALUE / 2000) * 1000;
    }
    Long date = HttpDates.parse(response.get("Date"));
    long base = date == null ? System.currentTimeMillis() : date;
    List<String> expires = response.getAll("Expires");
    if (!rules.targeted() && !expires.isEmpty()) {
      // An invalid Expires, or more than one, means "already expired" (RFC 9111 §5.3).
      Long at = expires.size() == 1 ? HttpDates.parse(expires.get(0)) : null;
      return at == null ? 0 : Math.max(0, at - base);
    }
    Long lastModified = HttpDates.parse(response.get("Last-Modified"));
    if (lastModified != null && HEURISTIC.contains(status)) {
      return Math.min(HEURISTIC_CAP_MILLIS, Math.max(0, (base - lastModified) / 10));
    }
    return 0;
  }

  /**
   * The response's age when it arrived, corrected for the time it took (RFC 9111 §4.2.3): the
   * larger of its apparent age (from Date) and its Age header plus the round trip.
   */
  static long correctedInitialAgeMillis(MultiMap response, long requestTime, long responseTime) {
    Long date = HttpDates.parse(response.get("Date"));
    long apparent = date == null ? 0 : Math.max(0, responseTime - date);
    Long age = ageSeconds(response);
    long corrected = (age == null ? 0 : age * 1000) + Math.max(0, responseTime - requestTime);
    return Math.max(apparent, corrected);
  }

  /** The Age header's value: the first member of its first line, digits only, else none. */
  static Long ageSeconds(MultiMap response) {
    String age = response.get("Age");
    if (age == null) {
      return null;
    }
    int comma = age.indexOf(',');
    return deltaSeconds((comma < 0 ? age : age.substring(0, comma)).trim());
  }

  /** Whether the request insists on the origin's word (no-cache, or Pragma: no-cache alone). */
  static boolean demandsRevalidation(MultiMap request) {
    Map<String, String> req = directives(request);
    return req.containsKey("no-cache")
        || (!request.contains("Cache-Control")
            && request.getAll("Pragma").stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).contains("no-cache")));
  }

  static boolean forbidsStore(MultiMap request) {
    return directives(request).containsKey("no-store");
  }

  /** delta-seconds (RFC 9111 §1.2.2): digits only; too large a number is the largest. */
  static Long deltaSeconds(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return null;
      }
    }
    return value.length() > 10 ? 2147483648L : Long.parseLong(value);
  }
}
