package dev.chatnet.gateway;

import dev.chatnet.protocol.bus.RoomEvent;
import dev.chatnet.protocol.bus.RoomJoined;
import java.util.ArrayList;
import java.util.List;

/** What users read in a chat room (SPEC options 4 and 5). */
final class RoomLines {

  private RoomLines() {
  }

  static String banner(String room) {
    return "----------------------- Chat Room " + room + " ------------------------";
  }

  static List<String> created(RoomJoined room) {
    return List.of("", banner(room.room()), "Type 'exit' to close the chat room.",
        "Chat room created by: " + room.owner(), "Waiting for other users to join....");
  }

  static List<String> joined(RoomJoined room) {
    List<String> lines = new ArrayList<>(List.of("", banner(room.room()), "Joined to chat room " + room.room(),
        "Type 'bye' to exit this chat room."));
    if (!room.history().isEmpty()) {
      lines.add("------------------------ Recent messages ------------------------");
      room.history().forEach(event -> lines.add(of(event)));
      lines.add("-----------------------------------------------------------------");
    }
    return lines;
  }

  static String of(RoomEvent event) {
    return switch (event.kind()) {
      case RoomEvent.MESSAGE -> event.name() + "> " + event.text();
      case RoomEvent.JOIN -> event.name() + " joined.";
      case RoomEvent.LEAVE -> event.name() + " disconnected from the chat.";
      case RoomEvent.DROP -> event.name() + " was dropped from the chat: the connection could not keep up.";
      case RoomEvent.CLOSE -> closed(event.room(), event.name());
      default -> event.name() + ": " + event.kind();
    };
  }

  static String closed(String room, String owner) {
    return "Chat room " + room + " was closed by " + owner + ".";
  }

  static String onlyOwnerCloses(String owner) {
    return "Only the owner (" + owner + ") can close the chat room. Type 'bye' to leave it.";
  }

  static final String OWNER_TYPES_EXIT = "You own this chat room: type 'exit' to close it.";

  static String dropped(String room) {
    return "You were dropped from chat room " + room + ": your connection could not keep up.";
  }
}
