package dev.chatnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading the heap in use from jcmd GC.heap_info, whichever collector the server runs. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerProbeTest {

  @Test
  void readsARealJvm() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(System.getProperty("java.home"), "bin", "jcmd")), "a JDK with jcmd");

    ServerProbe.Reading reading = new ServerProbe(ProcessHandle.current().pid()).read();

    assertThat(reading.rssBytes()).isPositive();
    assertThat(reading.heapUsedBytes()).isPositive();
  }

  @Test
  void neverAttachesToAProcessThatIsNotAJvm() throws Exception {
    // jcmd's attach sends SIGQUIT, which would end this process.
    Process sleeper = new ProcessBuilder("sleep", "60").start();
    try {
      ServerProbe.Reading reading = new ServerProbe(sleeper.pid()).read();

      assertThat(reading.heapUsedBytes()).isNull();
      assertThat(reading.rssBytes()).isPositive();
      assertThat(sleeper.isAlive()).isTrue();
    } finally {
      sleeper.destroy();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A JVM that waits to be read: until the test ends it, or closes its input. */
  public static final class Idle {
    public static void main(String[] args) throws Exception {
      System.out.println("ready");
      System.in.read();
    }
  }

  @Test
  void readsTheJvmFlagsAndTheCpuTimeOfARunningJvm() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process jvm = new ProcessBuilder(java, "-Xmx64m", "-Dchatnet.probe=1", "-cp", System.getProperty("java.class.path"), Idle.class.getName())
        .redirectErrorStream(true).start();
    try {
      assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream())).readLine()).isEqualTo("ready");
      ServerProbe probe = new ServerProbe(jvm.pid());

      assertThat(probe.jvmFlags()).containsExactly("-Xmx64m", "-Dchatnet.probe=1");
      assertThat(probe.cpuNanos()).isPositive();
    } finally {
      jvm.destroy();
      jvm.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void g1() {
    String info = """
        4242:
         garbage-first heap   total 262144K, used 24567K [0x00000000f0000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 30000K, committed 30336K, reserved 1114112K
          class space    used 3500K, committed 3648K, reserved 1048576K
        """;
    assertThat(ServerProbe.heapUsed(info)).isEqualTo(24567L * 1024);
  }

  @Test
  void parallelSumsBothGenerations() {
    String info = """
        4242:
         PSYoungGen      total 76288K, used 5243K [0x0000000795580000, 0x000000079aa80000, 0x00000007c0000000)
          eden space 65536K, 8% used [0x0000000795580000,0x0000000795a9ece0,0x0000000799580000)
         ParOldGen       total 175104K, used 1000K [0x0000000740000000, 0x000000074ab00000, 0x0000000795580000)
          object space 175104K, 0% used [0x0000000740000000,0x0000000740000000,0x000000074ab00000)
         Metaspace       used 3000K, committed 3200K, reserved 1056768K
        """;
    assertThat(ServerProbe.heapUsed(info)).isEqualTo(6243L * 1024);
  }

  @Test
  void zgcAndShenandoah() {
    assertThat(ServerProbe.heapUsed(" ZHeap           used 24M, capacity 128M, max capacity 1024M\n Metaspace used 1K\n"))
        .isEqualTo(24L * 1024 * 1024);
    assertThat(ServerProbe.heapUsed("Shenandoah Heap\n 1024M max, 1024M soft max, 130M committed, 6144K used\n"))
        .isEqualTo(6144L * 1024);
  }

  @Test
  void somethingElseIsNotAFigure() {
    assertThat(ServerProbe.heapUsed("4242:\nCommand executed successfully\n")).isNull();
  }
}
