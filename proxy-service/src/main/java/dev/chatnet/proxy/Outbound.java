package dev.chatnet.proxy;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;

/**
 * A request to send to an origin: the headers are exactly what the origin gets (already
 * filtered for privacy), {@code body} is null when there is none; {@code interim} takes the
 * origin's 103 Early Hints on the way to the client, or is null.
 */
record Outbound(String method, URI uri, MultiMap headers, Buffer body, Handler<MultiMap> interim) {

  Outbound(String method, URI uri, MultiMap headers, Buffer body) {
    this(method, uri, headers, body, null);
  }

  Outbound to(URI next, String nextMethod, Buffer nextBody) {
    MultiMap copy = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    if (!next.getHost().equalsIgnoreCase(uri.getHost())) {
      // Credentials are for the host they were typed for, not for wherever it redirects.
      copy.remove("Authorization");
    }
    if (nextBody == null) {
      copy.remove("Content-Type");
      copy.remove("Content-Length");
    }
    return new Outbound(nextMethod, next, copy, nextBody, interim);
  }
}
