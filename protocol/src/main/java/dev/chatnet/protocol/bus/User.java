package dev.chatnet.protocol.bus;

/**
 * A connected user. {@code session} is unique for ever, so a later user who happens to get
 * the same id is never mistaken for this one; {@code node} is the gateway node holding it.
 */
public record User(long id, String name, String session, String node, long joinedAt) {
}
