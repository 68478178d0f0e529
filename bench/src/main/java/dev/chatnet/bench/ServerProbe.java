package dev.chatnet.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server process's memory, read from outside: resident set size from /proc, heap in use
 * from {@code jcmd}, after asking it for a full GC so the heap figure is live data.
 */
public final class ServerProbe {

  private static final Logger log = LoggerFactory.getLogger(ServerProbe.class);
  private static final long JCMD_SECONDS = 30;
  /** G1, Parallel and Serial: one "total …, used …" line per generation, before Metaspace. */
  private static final Pattern GENERATION_USED = Pattern.compile("total\\s+\\d+[BKMG]?,\\s+used\\s+(\\d+)([BKMG]?)");
  private static final Pattern ZGC_USED = Pattern.compile("ZHeap\\s+used\\s+(\\d+)([BKMG]?)");
  private static final Pattern SHENANDOAH_USED = Pattern.compile("(\\d+)([BKMG]?) used");
  private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+)\\s+kB");

  /** USER_HZ: what /proc counts CPU time in; 100 on every Linux build that matters. */
  private static final long CLOCK_TICKS = 100;

  /** Options whose value is the next argument. */
  private static final List<String> PATH_OPTIONS = List.of("-cp", "-classpath", "--class-path", "-p", "--module-path");

  private final long pid;

  public ServerProbe(long pid) {
    this.pid = pid;
  }

  /** One probe per pid of {@code pids} ("12,34", blanks ignored); NumberFormatException if not numbers. */
  static List<ServerProbe> of(String pids) {
    return Arrays.stream(pids.split(","))
        .map(String::trim)
        .filter(pid -> !pid.isEmpty())
        .map(pid -> new ServerProbe(Long.parseLong(pid)))
        .toList();
  }

  /** The CPU time of all {@code probes} together; null if there are none or one cannot be read. */
  static Long cpuNanos(List<ServerProbe> probes) {
    if (probes.isEmpty()) {
      return null;
    }
    long total = 0;
    for (ServerProbe probe : probes) {
      Long nanos = probe.cpuNanos();
      if (nanos == null) {
        return null;
      }
      total += nanos;
    }
    return total;
  }

  /**
   * CPU time the process has used so far (user and system, all threads), from
   * {@code /proc/<pid>/stat}; null when it cannot be read. Cheap: no GC, no attach.
   */
  public Long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 1_000_000_000L / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      log.warn("Cannot read the CPU time of process {}: {}", pid, e.getMessage());
      return null;
    }
  }

  /**
   * The JVM options the process was started with (those before its main class or jar, from
   * {@code /proc/<pid>/cmdline}): what the figures were measured under. Empty when unreadable.
   */
  public List<String> jvmFlags() {
    try {
      String[] args = new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8).split("\0");
      List<String> flags = new ArrayList<>();
      for (int i = 1; i < args.length && args[i].startsWith("-") && !args[i].equals("-jar"); i++) {
        if (PATH_OPTIONS.contains(args[i])) {
          i++; // a class or module path says nothing about how it runs
        } else {
          flags.add(args[i]);
        }
      }
      return flags;
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }

  /** One reading; a figure that could not be read is null. */
  public record Reading(Long rssBytes, Long heapUsedBytes) {
  }

  /** Runs a GC in the server, then reads its RSS and heap. Blocks: call it off the event loops. */
  public Reading read() {
    if (!isJvm()) {
      log.warn("Process {} is not a JVM that jcmd lists (jcmd -l); the heap figure is n/a", pid);
      return new Reading(rss(), null);
    }
    String gc = jcmd(String.valueOf(pid), "GC.run");
    if (gc == null) {
      log.warn("jcmd {} GC.run failed; the heap figure may include garbage", pid);
    }
    String heapInfo = jcmd(String.valueOf(pid), "GC.heap_info");
    return new Reading(rss(), heapInfo == null ? null : heapUsed(heapInfo));
  }

  private Long rss() {
    try {
      Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", String.valueOf(pid), "status")));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : null;
    } catch (IOException e) {
      log.warn("Cannot read the RSS of process {}: {}", pid, e.getMessage());
      return null;
    }
  }

  /** Bytes of heap in use, from {@code jcmd GC.heap_info} output; null if it cannot tell. */
  static Long heapUsed(String heapInfo) {
    int metaspace = heapInfo.indexOf("Metaspace");
    String heap = metaspace < 0 ? heapInfo : heapInfo.substring(0, metaspace);
    Matcher generations = GENERATION_USED.matcher(heap);
    long sum = 0;
    boolean found = false;
    while (generations.find()) {
      sum += bytes(generations.group(1), generations.group(2));
      found = true;
    }
    if (found) {
      return sum;
    }
    for (Pattern pattern : List.of(ZGC_USED, SHENANDOAH_USED)) {
      Matcher m = pattern.matcher(heap);
      if (m.find()) {
        return bytes(m.group(1), m.group(2));
      }
    }
    return null;
  }

  private static long bytes(String number, String unit) {
    long n = Long.parseLong(number);
    return switch (unit) {
      case "K" -> n * 1024;
      case "M" -> n * 1024 * 1024;
      case "G" -> n * 1024 * 1024 * 1024;
      default -> n;
    };
  }

  /**
   * Attaching signals the target (SIGQUIT), which ends a process that is not a JVM: only attach
   * to one that {@code jcmd -l} lists, which reads the JVMs' perf data and signals nobody.
   */
  private boolean isJvm() {
    String list = jcmd("-l");
    return list != null && list.lines().anyMatch(line -> line.equals(String.valueOf(pid)) || line.startsWith(pid + " "));
  }

  /** Runs {@code jcmd <args>}; its output, or null if it failed. */
  private String jcmd(String... args) {
    String command = String.join(" ", args);
    File out = null;
    try {
      out = File.createTempFile("chatnet-bench-jcmd", ".txt");
      List<String> line = new ArrayList<>(List.of(jcmdPath()));
      line.addAll(List.of(args));
      Process process = new ProcessBuilder(line)
          .redirectErrorStream(true)
          .redirectOutput(out)
          .start();
      if (!process.waitFor(JCMD_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("jcmd {} took longer than {} s", command, JCMD_SECONDS);
        return null;
      }
      String text = Files.readString(out.toPath(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        // The first line only echoes the pid; the reason follows.
        log.warn("jcmd {} failed: {}", command, text.lines().skip(1).findFirst().orElse(text).strip());
        return null;
      }
      return text;
    } catch (IOException e) {
      log.warn("Cannot run jcmd: {}", e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      if (out != null && !out.delete()) {
        out.deleteOnExit();
      }
    }
  }

  /** The jcmd next to the java running the bench, else the one on the PATH. */
  private static String jcmdPath() {
    Path local = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.isExecutable(local) ? local.toString() : "jcmd";
  }
}
