package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.json.JsonObject;

/** The gateway's limits and timeouts, read once from its configuration. */
record GatewaySettings(String host, int port, int maxLine, int rate, int burst, long idleTimeoutMillis,
                long handshakeTimeoutMillis, long requestTimeoutMillis, int shutdownGraceSeconds,
                long proxyRequestTimeoutMillis, long roomFlushMillis, long lineTimeoutMillis,
                String tlsCert, String tlsKey) {

  static JsonObject defaults() {
    return new JsonObject()
        .put("host", "0.0.0.0")
        .put("port", 12000)
        .put("max-line", Frames.DEFAULT_MAX_LINE)
        .put("rate", 20)
        .put("burst", 40)
        .put("idle-timeout", 90)
        // A line begun must end within this many seconds: bytes that never make a line are not activity.
        .put("line-timeout", 30)
        .put("handshake-timeout", 60)
        .put("request-timeout", 5000L)
        .put("shutdown-grace", 5)
        // Longer than the proxy service's own time limit on a fetch, so its clear line arrives first.
        .put("proxy-request-timeout", 15000L)
        // A busy room's lines go to each member at most this often, together (0: each line at once).
        .put("room-flush-interval", 10)
        // PEM files: with both, the port speaks TLS only.
        .put("tls-cert", "")
        .put("tls-key", "");
  }

  static GatewaySettings from(JsonObject config) {
    JsonObject c = defaults().mergeIn(config);
    return new GatewaySettings(c.getString("host"), c.getInteger("port"), c.getInteger("max-line"),
        c.getInteger("rate"), c.getInteger("burst"), c.getInteger("idle-timeout") * 1000L,
        c.getInteger("handshake-timeout") * 1000L, c.getLong("request-timeout"), c.getInteger("shutdown-grace"),
        c.getLong("proxy-request-timeout"), c.getLong("room-flush-interval"), c.getInteger("line-timeout") * 1000L,
        c.getString("tls-cert").trim(), c.getString("tls-key").trim());
  }
}
