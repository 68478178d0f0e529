package dev.chatnet.bench;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar chatnet-bench.jar <scenario> [options]}: runs one scenario against a running
 * gateway, prints its table (and with {@code --json} one JSON line), and exits 0 only if its
 * checks passed.
 */
@Command(name = "chatnet-bench", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class, sortOptions = false, showDefaultValues = true, abbreviateSynopsis = true,
    synopsisSubcommandLabel = "<scenario>",
    description = "Loads a running chatnet gateway over TCP with the real wire protocol and checks what it gets back.",
    commandListHeading = "%nScenarios (<scenario> --help lists its options):%n",
    footer = "%nFor load, raise the server's flood limits: --rate 100000 --burst 100000.",
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the checks passed", "1:they did not, or the run timed out", "2:a usage error"})
public final class Main {

  private static final int USAGE_ERROR = 2;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line; yields the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setParameterExceptionHandler((e, given) -> {
      err.println("chatnet-bench: " + message(e) + " (see " + commandPath(e.getCommandLine()) + "--help)");
      return USAGE_ERROR;
    });
    cli.setExecutionStrategy(parsed -> execute(parsed, out, err));
    return cli.execute(args);
  }

  /** The scenario {@code args} name, its options set and checked; throws {@link ParameterException}. */
  static Scenario parse(String... args) {
    return (Scenario) parseScenario(args).userObject();
  }

  /** The parameters a run of {@code args} would report in its JSON line. */
  static JsonObject parameters(String... args) {
    return ReportPrinter.params(parseScenario(args));
  }

  private static CommandSpec parseScenario(String... args) {
    ParseResult parsed = commandLine().parseArgs(args);
    if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof Scenario scenario)) {
      throw new ParameterException(parsed.commandSpec().commandLine(), "Missing scenario");
    }
    check(parsed.subcommand().commandSpec(), scenario);
    return parsed.subcommand().commandSpec();
  }

  private static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    // "help" as before, now "help <scenario>" too; hidden, as it is no scenario.
    CommandLine help = new CommandLine(new CommandLine.HelpCommand());
    help.getCommandSpec().usageMessage().hidden(true);
    cli.addSubcommand("help", help);
    Scenarios.create().forEach(cli::addSubcommand);
    // As the bench has always parsed: a repeated flag's last value counts, and "@name" is a value, not a file to read.
    cli.setOverwrittenOptionsAllowed(true);
    cli.setExpandAtFiles(false);
    return cli;
  }

  private static int execute(ParseResult parsed, PrintStream out, PrintStream err) {
    Integer helped = CommandLine.executeHelpRequest(parsed);
    if (helped != null) {
      return helped;
    }
    if (!parsed.hasSubcommand()) {
      parsed.commandSpec().commandLine().usage(out);
      return USAGE_ERROR;
    }
    CommandSpec spec = parsed.subcommand().commandSpec();
    if (!(spec.userObject() instanceof Scenario scenario)) {
      return new CommandLine.RunLast().execute(parsed);
    }
    check(spec, scenario);
    for (int i = 1; i <= scenario.common().warmupRuns; i++) {
      // Same load, not reported: the server's and the bench's JIT compilers do their work here.
      Report warmup = Bench.run(scenario);
      err.println("warm-up run " + i + ": " + (warmup.passed() ? "PASS" : "FAIL"));
    }
    Report report = Bench.run(scenario);
    ReportPrinter.table(report, scenario.common(), out);
    if (scenario.common().json) {
      out.println(ReportPrinter.json(report, scenario.common(), ReportPrinter.params(spec), RunInfo.commit()).encode());
    }
    return report.passed() ? 0 : 1;
  }

  /** The checks picocli does not make: the {@link Range} of every int option, then the common ones. */
  private static void check(CommandSpec spec, Scenario scenario) {
    for (OptionSpec option : spec.options()) {
      Range range = option.userObject() instanceof Field field ? field.getAnnotation(Range.class) : null;
      int value = range == null ? 0 : option.getValue();
      if (range != null && (value < range.min() || value > range.max())) {
        throw new ParameterException(spec.commandLine(),
            option.longestName() + " takes a number from " + range.min() + " to " + range.max() + ", not " + value);
      }
    }
    scenario.common().check();
  }

  /** The one line a usage error gets, worded as the bench has always worded it. */
  private static String message(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
      return e.getMessage();
    }
    String arg = unmatched.getUnmatched().get(0);
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    boolean top = spec.parent() == null;
    if (arg.startsWith("-")) {
      return "Unknown option " + arg.split("=", 2)[0] + (top ? "" : " for " + spec.name());
    }
    return top ? "Unknown scenario '" + arg + "'" : "Unexpected argument '" + arg + "'";
  }

  private static String commandPath(CommandLine command) {
    return command.getParent() == null ? "" : command.getCommandName() + " ";
  }

  /** The version the jar's manifest carries (the shade configuration writes it); "dev" from classes. */
  static final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"chatnet-bench " + (version == null ? "dev" : version)};
    }
  }
}
