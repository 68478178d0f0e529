package dev.chatnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * chatnet's real service jars, each its own JVM on 127.0.0.1, joined into one cluster with a
 * name of its own. Processes are started, killed (SIGKILL, as a crash), stopped (SIGTERM)
 * and started again by name; each one's output goes to target/cluster-logs.
 */
final class ProcessCluster implements AutoCloseable {

  static final long WAIT_MILLIS = 120_000;

  /** A started process; its health port is the one it printed after {@code logOffset} in its log (it picks a free one). */
  record Member(String name, String module, Path log, long logOffset, List<String> args, Process process) {
  }

  private static final Pattern HEALTH_AT = Pattern.compile("Health at http://[^:]+:(\\d+)/health");

  private final Path root = Path.of(System.getProperty("chatnet.root", "..")).toAbsolutePath().normalize();
  private final Path logs = root.resolve("system-tests/target/cluster-logs");
  private final String clusterName = "chatnet-it-" + UUID.randomUUID();
  private final Map<String, Member> members = new LinkedHashMap<>();
  /** Each process's health port, by pid, once read from its log. */
  private final Map<Long, Integer> healthPorts = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  ProcessCluster() throws IOException {
    Files.createDirectories(logs);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Starts {@code module}'s jar as member {@code name}, with extra settings. */
  Member start(String name, String module, String... args) throws IOException {
    Path log = logs.resolve(name + ".log");
    long logOffset = Files.exists(log) ? Files.size(log) : 0;
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", root.resolve(module).resolve("target").resolve(module + ".jar").toString(),
        "--cluster-name", clusterName, "--cluster-host", "127.0.0.1", "--cluster-members", "127.0.0.1",
        // 0: the process takes a free port itself; one chosen here could be taken before it binds.
        "--health-port", "0"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    Member member = new Member(name, module, log, logOffset, List.of(args), process);
    members.put(name, member);
    return member;
  }

  /** The same member again, after it died or stopped; yields once it has joined. */
  Member restart(String name) throws IOException, InterruptedException {
    Member old = members.get(name);
    int size = (int) members.values().stream().filter(m -> m.process().isAlive()).count() + 1;
    Member member = start(name, old.module(), old.args().toArray(String[]::new));
    awaitHealth(name, h -> h.getInteger("clusterMembers") == size);
    return member;
  }

  /** Starts again, one at a time, every member that is not running; true if there was one. */
  boolean restartStopped() throws IOException, InterruptedException {
    List<String> stopped = members.values().stream().filter(m -> !m.process().isAlive()).map(Member::name).toList();
    for (String name : stopped) {
      restart(name);
    }
    return !stopped.isEmpty();
  }

  /** SIGKILL: no goodbye to anyone. */
  void kill(String name) throws InterruptedException {
    Process process = members.get(name).process();
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM: the process stops in order. */
  Process terminate(String name) {
    Process process = members.get(name).process();
    process.toHandle().destroy();
    return process;
  }

  /** What member {@code name}'s health endpoint says; null until it answers, or if another process does. */
  JsonObject health(String name) {
    Member member = members.get(name);
    try {
      Integer port = healthPort(member);
      if (port == null) {
        return null;
      }
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject health = response.statusCode() == 200 ? new JsonObject(response.body()) : null;
      return health != null && health.getLong("pid", -1L) == member.process().pid() ? health : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The port the member's process printed at start, or null while it has not yet. */
  private Integer healthPort(Member member) throws IOException {
    Integer known = healthPorts.get(member.process().pid());
    if (known != null) {
      return known;
    }
    byte[] all = Files.readAllBytes(member.log());
    String since = new String(all, (int) Math.min(member.logOffset(), all.length), (int) Math.max(0, all.length - member.logOffset()),
        StandardCharsets.UTF_8);
    Matcher printed = HEALTH_AT.matcher(since);
    if (!printed.find()) {
      return null;
    }
    int port = Integer.parseInt(printed.group(1));
    healthPorts.put(member.process().pid(), port);
    return port;
  }

  /** Waits until member {@code name}'s health endpoint says {@code condition}. */
  JsonObject awaitHealth(String name, Predicate<JsonObject> condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      assertThat(members.get(name).process().isAlive()).as("%s runs (see %s)", name, logs.resolve(name + ".log")).isTrue();
      JsonObject health = health(name);
      if (health != null && condition.test(health)) {
        return health;
      }
      assertThat(System.currentTimeMillis()).as("%s healthy in time; it last said %s", name, health).isLessThan(deadline);
      Thread.sleep(200); // Polling a process's HTTP endpoint: there is no event to wait on.
    }
  }

  /**
   * Waits until every running member counts {@code size} members and the cluster says every
   * entry has its backup again. Safety is the cluster's, so one member's word is enough; a
   * member that just saw another leave may take a while to ask again.
   */
  void awaitStable(int size) throws InterruptedException {
    List<Member> running = members.values().stream().filter(m -> m.process().isAlive()).toList();
    for (Member member : running) {
      awaitHealth(member.name(), h -> h.getInteger("clusterMembers") == size);
    }
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (running.stream().map(m -> health(m.name())).noneMatch(h -> h != null && h.getBoolean("clusterSafe"))) {
      assertThat(System.currentTimeMillis()).as("the cluster of %d is safe in time", size).isLessThan(deadline);
      Thread.sleep(200); // Polling the processes' HTTP endpoints: there is no event to wait on.
    }
  }

  Path log(String name) {
    return logs.resolve(name + ".log");
  }

  @Override
  public void close() {
    members.values().forEach(m -> m.process().destroyForcibly());
  }
}
