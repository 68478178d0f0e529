package dev.chatnet.gateway;

import java.util.List;

/** How a menu choice ended, as the session shows it to the user. */
sealed interface Outcome {

  /** Lines to show; the menu follows. */
  record Lines(List<String> lines) implements Outcome {
  }

  /** One error line; the menu follows. */
  record Failed(String code, String message) implements Outcome {
  }

  /** The session is now in a chat room, listening on {@code channel}. */
  record EnterRoom(RoomChannel channel, dev.chatnet.protocol.bus.RoomJoined room, boolean owner) implements Outcome {
  }

  /** The session ends with this goodbye. */
  record Disconnect(String reason) implements Outcome {
  }

  static Outcome lines(String... lines) {
    return new Lines(List.of(lines));
  }
}
