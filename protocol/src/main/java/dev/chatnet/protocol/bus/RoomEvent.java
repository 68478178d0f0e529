package dev.chatnet.protocol.bus;

/**
 * Something that happened in a room, numbered: every member sees a room's events in
 * {@code seq} order. {@code kind} is one of the constants below.
 */
public record RoomEvent(String room, String epoch, long seq, String kind, long userId, String name, String text, long at,
                        String requestId) {

  public RoomEvent(String room, String epoch, long seq, String kind, long userId, String name, String text, long at) {
    this(room, epoch, seq, kind, userId, name, text, at, null);
  }

  public static final String MESSAGE = "message";
  public static final String JOIN = "join";
  public static final String LEAVE = "leave";
  /** A member dropped by its gateway for reading too slowly. */
  public static final String DROP = "drop";
  public static final String CLOSE = "close";
}
