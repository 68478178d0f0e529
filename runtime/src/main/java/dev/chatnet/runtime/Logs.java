package dev.chatnet.runtime;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The process's log format: {@code plain} (logback.xml: chatnet's lines as the console text the
 * SPEC shows) or {@code json} (logback-json.xml: one object per line, for a log collector), with
 * the service's name and the node's id as the log context's properties.
 */
final class Logs {

  static final String PLAIN = "plain";
  static final String JSON = "json";

  private Logs() {
  }

  /** @throws IllegalArgumentException for a format that is neither {@code plain} nor {@code json} */
  static void use(String format, String service) {
    if (!PLAIN.equals(format) && !JSON.equals(format)) {
      throw new IllegalArgumentException("log-format (--log-format or CHATNET_LOG_FORMAT) takes plain or json, not '"
          + format + "'");
    }
    LoggerContext context = context();
    if (context == null) {
      return;
    }
    if (JSON.equals(format)) {
      URL config = Logs.class.getResource("/logback-json.xml");
      context.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      try {
        configurator.doConfigure(config);
      } catch (JoranException e) {
        throw new IllegalStateException("logback-json.xml is broken", e);
      }
    }
    context.putProperty("service", service);
  }

  /** Names the node in every later line, once it has joined. */
  static void node(String id) {
    LoggerContext context = context();
    if (context != null) {
      context.putProperty("node", id);
    }
  }

  private static LoggerContext context() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    return factory instanceof LoggerContext context ? context : null;
  }
}
