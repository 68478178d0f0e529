package dev.chatnet.protocol.bus;

/** A direct message; {@code messageId} makes a retried deposit land once. */
public record DirectMessage(String messageId, long from, String fromName, String text, long sentAt) {
}
