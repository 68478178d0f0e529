package dev.chatnet.protocol.bus;

/**
 * A user's request about a room: {@code room} as typed (create, join) or the room's key,
 * {@code epoch} once in the room (tells a room from a later one with the same id), and
 * {@code text} for a line said, with {@code requestId} so that a write the cluster retries
 * after a node failure numbers the line once.
 */
public record RoomRequest(String room, String epoch, User user, String text, String requestId) {

  public RoomRequest(String room, String epoch, User user, String text) {
    this(room, epoch, user, text, null);
  }
}
