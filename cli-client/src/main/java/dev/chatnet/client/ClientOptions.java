package dev.chatnet.client;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The client's command line: {@code --host}, {@code --port}, {@code --name}, {@code --tls},
 * {@code --tls-ca}, each also an environment variable ({@code CHATNET_HOST} ...); flags win.
 */
@Command(name = "chatnet-client", mixinStandardHelpOptions = true, versionProvider = ClientOptions.Version.class,
    sortOptions = false, usageHelpWidth = 100,
    description = "The chatnet terminal client. What is not given is asked for.")
final class ClientOptions {

  /** Exit status for a bad flag or value, as for any command-line tool's usage error. */
  static final int USAGE_ERROR = 2;

  @Option(names = "--host", paramLabel = "HOST", description = "the gateway's address (CHATNET_HOST)")
  private String host;

  @Option(names = "--port", paramLabel = "PORT", converter = PortConverter.class,
      description = "the gateway's port, 1 to 65535 (CHATNET_PORT)")
  private Integer port;

  @Option(names = "--name", paramLabel = "NAME", description = "the name to connect with (CHATNET_NAME)")
  private String name;

  @Option(names = "--tls", description = "speak TLS, trusting the system's certificate authorities (CHATNET_TLS=true)")
  private boolean tls;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "speak TLS, trusting the certificates in this PEM file (CHATNET_TLS_CA)")
  private String tlsCa;

  /** What a command line asks for: options to run with, or (options null) the status to exit with now. */
  record Parsed(ClientOptions options, int exitStatus) {
  }

  private ClientOptions() {
  }

  /**
   * Reads {@code args}, with {@code env} for what they leave out. {@code --help} and
   * {@code --version} print to {@code out} and yield status 0; a bad flag or value prints one
   * line to {@code err} and yields {@link #USAGE_ERROR}.
   */
  static Parsed parse(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    ClientOptions options = new ClientOptions();
    CommandLine command = new CommandLine(options)
        .setDefaultValueProvider(argument -> fromEnvironment(argument, env))
        // A flag given twice: the last one counts, so a wrapper script's defaults can be overridden.
        .setOverwrittenOptionsAllowed(true)
        // "@name" is a value, not a file to read arguments from.
        .setExpandAtFiles(false)
        .setOut(out)
        .setErr(err);
    try {
      command.parseArgs(args);
    } catch (ParameterException e) {
      err.println(command.getCommandName() + ": " + e.getMessage() + " (see --help)");
      err.flush();
      return new Parsed(null, USAGE_ERROR);
    }
    if (CommandLine.printHelpIfRequested(command.getParseResult())) {
      out.flush();
      return new Parsed(null, 0);
    }
    return new Parsed(options, 0);
  }

  /** An option's environment variable: CHATNET_ and its name in capitals, '_' for '-'; blank is unset. */
  private static String fromEnvironment(ArgSpec argument, Map<String, String> env) {
    if (!(argument instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
      return null;
    }
    String variable = "CHATNET_" + option.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (option.type() == boolean.class) {
      // Only "true" turns a flag on, as before; anything else leaves it off rather than failing.
      return value.trim().equalsIgnoreCase("true") ? "true" : null;
    }
    return value;
  }

  String host() {
    return host == null ? null : host.trim();
  }

  Integer port() {
    return port;
  }

  String name() {
    return name;
  }

  /** {@code --tls-ca} speaks TLS too. */
  boolean tls() {
    return tls || tlsCa != null;
  }

  String tlsCa() {
    return tlsCa;
  }

  /** A port as the user typed it, on the command line or when asked. */
  static int port(String text) {
    try {
      int port = Integer.parseInt(text.trim());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException("The port must be a number from 1 to 65535.");
  }

  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      try {
        return port(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** The jar's version; classes run from a build directory have none. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ClientOptions.class.getPackage().getImplementationVersion();
      return new String[] {"chatnet-client " + (version == null ? "dev" : version)};
    }
  }
}
