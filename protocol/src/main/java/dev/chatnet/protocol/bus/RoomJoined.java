package dev.chatnet.protocol.bus;

import java.util.List;

/**
 * The answer to create and join: the room's id as created, its key (for events), its epoch,
 * the sequence number of the joining (events after it are the member's), the owner's name,
 * and the last messages for a late joiner.
 */
public record RoomJoined(String room, String key, String epoch, long seq, String owner, List<RoomEvent> history) {

  public RoomJoined {
    history = history == null ? List.of() : List.copyOf(history);
  }
}
