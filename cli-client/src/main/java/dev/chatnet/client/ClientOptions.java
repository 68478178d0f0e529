package dev.chatnet.client;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --host}, {@code --port}, {@code --name}, {@code --tls}, {@code --tls-ca}, or CHATNET_HOST,
 * CHATNET_PORT, CHATNET_NAME, CHATNET_TLS, CHATNET_TLS_CA.
 */
final class ClientOptions {

  static final String USAGE = """
      Usage: chatnet-client [--host HOST] [--port PORT] [--name NAME] [--tls] [--tls-ca FILE]
        --host    the gateway's address (CHATNET_HOST); asked for when missing
        --port    the gateway's port (CHATNET_PORT); asked for when missing
        --name    the name to connect with (CHATNET_NAME); asked for when missing
        --tls     speak TLS, trusting the system's certificate authorities (CHATNET_TLS=true)
        --tls-ca  speak TLS, trusting the certificates in this PEM file (CHATNET_TLS_CA)
      """;
  private static final String[] VALUED = {"host", "port", "name", "tls-ca"};

  private ClientOptions() {
  }

  static Map<String, String> parse(String[] args, Map<String, String> env) {
    Map<String, String> options = new HashMap<>();
    for (String key : VALUED) {
      String value = env.get("CHATNET_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (value != null && !value.isBlank()) {
        options.put(key, value);
      }
    }
    String tls = env.get("CHATNET_TLS");
    if (tls != null && tls.trim().equalsIgnoreCase("true")) {
      options.put("tls", "");
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        options.put("help", "");
        continue;
      }
      if (arg.equals("--tls")) {
        options.put("tls", "");
        continue;
      }
      String key = arg.startsWith("--") ? arg.substring(2) : "";
      String value = null;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      }
      if (!List.of(VALUED).contains(key)) {
        throw new IllegalArgumentException("Unknown option " + arg);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Option --" + key + " needs a value");
        }
        value = args[++i];
      }
      options.put(key, value);
    }
    if (options.containsKey("port")) {
      port(options.get("port"));
    }
    if (options.containsKey("tls-ca")) {
      options.put("tls", "");
    }
    return options;
  }

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
}
