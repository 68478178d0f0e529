package dev.chatnet.runtime;

import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A process started by {@link CommandLineTest}: the common main, one line about a user, nothing else. */
public final class LogProbe {

  private static final Logger log = LoggerFactory.getLogger(LogProbe.class);

  private LogProbe() {
  }

  public static void main(String[] args) {
    ServiceMain.run("log-probe", args, Node.defaults(false), (node, config) -> {
      log.atInfo().addKeyValue("client", 7).log("A user arrived");
      return Future.succeededFuture(List.of());
    });
  }
}
