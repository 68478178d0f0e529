package dev.chatnet.bench;

import java.util.List;

/**
 * One kind of load. A scenario runs on the caller's thread, drives its connections on the
 * bench's event loops, stops at the bench's deadline and reports what it measured.
 */
public interface Scenario {

  /** The name on the command line: {@code chatnet-bench <name> [options]}. */
  String name();

  /** One line for {@code --help}. */
  String summary();

  /** The options it takes besides {@link Params#COMMON}. */
  List<Option> options();

  /** Runs against the gateway the bench points at; never past {@link Bench#deadlinePassed()}. */
  Report run(Bench bench);
}
