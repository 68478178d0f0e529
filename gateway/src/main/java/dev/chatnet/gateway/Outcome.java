package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Input;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

  /** Lines to show (maybe none), then the menu of {@code next}, which the session now is at. */
  record Switch(Screen next, List<String> lines) implements Outcome {
  }

  /**
   * A follow-up question whose inputs depend on earlier answers: show {@code lines}, ask
   * {@code inputs}; {@code then} turns the answers (by input name) into what follows.
   */
  record Ask(List<String> lines, List<Input> inputs, Function<Map<String, String>, Future<Outcome>> then)
      implements Outcome {
  }

  /** The session ends with this goodbye. */
  record Disconnect(String reason) implements Outcome {
  }

  static Outcome lines(String... lines) {
    return new Lines(List.of(lines));
  }
}
