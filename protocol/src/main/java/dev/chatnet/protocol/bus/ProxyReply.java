package dev.chatnet.protocol.bus;

import java.util.List;

/**
 * The origin's answer: status and reason, headers as {@code name: value} lines, the body as
 * text up to the service's limit ({@code truncated} bytes were cut), whether the cache
 * answered, and the source address the origin was told.
 */
public record ProxyReply(int status, String reason, List<String> headers, String body, long truncated,
                         boolean cached, String sourceAddress) {
}
