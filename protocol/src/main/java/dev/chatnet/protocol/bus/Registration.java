package dev.chatnet.protocol.bus;

/** Asks the directory for a name, on behalf of a session held by gateway node {@code node}. */
public record Registration(String name, String node) {
}
