package dev.chatnet.gateway;

import dev.chatnet.protocol.wire.Frame;
import dev.chatnet.protocol.wire.Frames;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
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

  /**
   * Whether a client's pipelined actions of {@code option} may be carried out together by
   * {@link #chooseAll}: their effects keep their order, and their outcomes are lines or
   * failures on this same screen.
   */
  default boolean batches(String option) {
    return false;
  }

  /**
   * Runs {@code option} once for each of {@code inputs}, together and in that order: one
   * outcome each, in the same order. Never fails. Only for options that {@link #batches}.
   */
  default Future<List<Outcome>> chooseAll(Session session, String option, List<Map<String, String>> inputs) {
    throw new UnsupportedOperationException("option " + option + " does not batch");
  }
}
