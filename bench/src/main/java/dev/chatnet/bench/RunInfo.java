package dev.chatnet.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a run's figures come from: the commit built, and the JVM and machine it ran on. */
public final class RunInfo {

  private static final Logger log = LoggerFactory.getLogger(RunInfo.class);

  private RunInfo() {
  }

  /** The short commit of the checkout the bench was built in (or run from), else "unknown". */
  public static String commit() {
    Path home = codeHome();
    String commit = home == null ? null : git(home.toFile());
    if (commit == null) {
      commit = git(new File("."));
    }
    return commit == null ? "unknown" : commit;
  }

  public static List<String> jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  public static int processors() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The folder holding the bench's jar (or classes), which sits inside the checkout. */
  private static Path codeHome() {
    try {
      Path code = Path.of(RunInfo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(code) ? code : code.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static String git(File directory) {
    try {
      Process process = new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
          .directory(directory)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return null;
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return process.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (Exception e) {
      log.debug("git rev-parse failed in {}: {}", directory, e.getMessage());
      return null;
    }
  }
}
