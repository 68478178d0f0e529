package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;

/** A menu the session shows, and what each of its options does. */
interface Screen {

  Frame.Menu menu();

  /** The menu as sent: one encoded line. A screen whose menu never changes encodes it once. */
  default Buffer menuLine() {
    return Frames.line(menu());
  }

  /**
   * Runs {@code option} with the user's {@code inputs}. Never fails: every failure is an
   * {@link Outcome.Failed} the user can read.
   */
  Future<Outcome> choose(Session session, String option, Map<String, String> inputs);
}
