package dev.chatnet.proxy;

import dev.chatnet.runtime.Node;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** The proxy service's settings, read once from its configuration. */
record ProxyConfig(String host, int port, long connectTimeoutMillis, long timeoutMillis, int maxBody,
                   long maxResponse, long cacheMaxBytes, long cacheMemoryBytes, List<String> deny, Path cacheDir, int maxRedirects,
                   boolean portCaching, boolean portPrivate) {

  static JsonObject defaults() {
    return new JsonObject()
        .put("proxy-host", "0.0.0.0")
        .put("proxy-port", 3128)
        .put("proxy-connect-timeout", 3000L)
        .put("proxy-timeout", 10000L)
        .put("proxy-max-body", 64 * 1024)
        .put("proxy-max-response", 10L * 1024 * 1024)
        .put("proxy-cache-max-bytes", 256L * 1024 * 1024)
        .put("proxy-cache-memory-bytes", 32L * 1024 * 1024)
        // Cloud metadata endpoints (IPv4 link-local, AWS IPv6, Alibaba Cloud), "this network" and the unspecified addresses.
        // Metadata ranges, loopback and private networks: a proxy open to anyone must not be a
        // way into the machine or the network it runs in. Widen it on purpose, per deployment.
        .put("proxy-deny", "169.254.0.0/16,fd00:ec2::/32,100.100.100.200/32,0.0.0.0/8,127.0.0.0/8,::/128,::1/128,"
            + "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7,fe80::/10")
        .put("proxy-port-caching", true)
        .put("proxy-port-private", true);
  }

  static ProxyConfig from(JsonObject config) {
    JsonObject c = defaults().mergeIn(config);
    String dataDir = c.getString("data-dir", Node.defaultDataDir());
    List<String> deny = List.of(c.getString("proxy-deny").split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).toList();
    return new ProxyConfig(c.getString("proxy-host"), c.getInteger("proxy-port"), c.getLong("proxy-connect-timeout"),
        c.getLong("proxy-timeout"), c.getInteger("proxy-max-body"), c.getLong("proxy-max-response"),
        c.getLong("proxy-cache-max-bytes"), c.getLong("proxy-cache-memory-bytes"), deny, Path.of(dataDir, "proxy-cache"), 5,
        c.getBoolean("proxy-port-caching"), c.getBoolean("proxy-port-private"));
  }
}
