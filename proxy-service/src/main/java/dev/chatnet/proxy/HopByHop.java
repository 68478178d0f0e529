package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import java.util.List;

/** Headers that belong to one connection (RFC 9110 §7.6.1) and never cross a proxy. */
final class HopByHop {

  private static final List<String> NAMES = List.of("Connection", "Keep-Alive", "Proxy-Authenticate",
      "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade");

  /** Headers that name the client to the origin; removed when browsing privately. */
  private static final List<String> IDENTIFYING = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
      "X-Forwarded-Proto", "X-Real-IP", "Client-IP", "True-Client-IP", "X-Client-IP", "X-Cluster-Client-IP",
      "CF-Connecting-IP", "Fastly-Client-IP", "From", "Via");

  private HopByHop() {
  }

  static void strip(MultiMap headers) {
    for (String connection : headers.getAll("Connection")) {
      for (String name : connection.split(",")) {
        if (!name.isBlank()) {
          headers.remove(name.trim());
        }
      }
    }
    NAMES.forEach(headers::remove);
  }

  static void stripIdentifying(MultiMap headers) {
    IDENTIFYING.forEach(headers::remove);
  }

  /** Tells the origin who the client is: RFC 7239 and the older de-facto header. */
  static void addForwardedFor(MultiMap headers, String client) {
    String node = client.contains(":") ? "\"[" + client + "]\"" : client;
    headers.add("Forwarded", "for=" + node);
    String earlier = headers.get("X-Forwarded-For");
    headers.set("X-Forwarded-For", earlier == null || earlier.isBlank() ? client : earlier + ", " + client);
  }
}
