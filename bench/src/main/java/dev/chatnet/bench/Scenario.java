package dev.chatnet.bench;

import picocli.CommandLine.Command;

/**
 * One kind of load: a picocli subcommand (its {@link Command} annotation names and describes
 * it) whose option fields carry its parameters. A scenario runs on the caller's thread, drives
 * its connections on the bench's event loops, stops at the bench's deadline and reports what it
 * measured.
 */
public interface Scenario {

  /** The options every scenario takes. */
  CommonOptions common();

  /** Runs against the gateway the bench points at; never past {@link Bench#deadlinePassed()}. */
  Report run(Bench bench);

  /** The name on the command line: {@code chatnet-bench <name> [options]}. */
  default String name() {
    return getClass().getAnnotation(Command.class).name();
  }
}
