package dev.chatnet.protocol.bus;

/** Stores {@code message} in the mailbox of user {@code to}. */
public record Deposit(long to, DirectMessage message) {
}
