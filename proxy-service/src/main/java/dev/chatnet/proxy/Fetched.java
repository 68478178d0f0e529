package dev.chatnet.proxy;

import io.vertx.core.MultiMap;
import java.net.URI;

/**
 * An answer to give: from the origin or from the cache ({@code cached}); {@code uri} is where
 * it came from after redirects, {@code sourceAddress} the proxy's address toward the origin.
 */
record Fetched(URI uri, int status, String reason, MultiMap headers, Body body, String sourceAddress,
               boolean cached) {
}
