package dev.chatnet.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private ClientOptions.Parsed parse(Map<String, String> env, String... args) {
    return ClientOptions.parse(args, env, new PrintWriter(out), new PrintWriter(err));
  }

  private ClientOptions options(Map<String, String> env, String... args) {
    ClientOptions.Parsed parsed = parse(env, args);
    assertThat(err.toString()).isEmpty();
    assertThat(parsed.options()).isNotNull();
    return parsed.options();
  }

  @Test
  void flagsTakeTheirValueAfterASpaceOrAnEqualsSign() {
    ClientOptions options = options(Map.of(), "--host", " chat.example ", "--port=12000", "--name", "Nina");
    assertThat(options.host()).isEqualTo("chat.example");
    assertThat(options.port()).isEqualTo(12000);
    assertThat(options.name()).isEqualTo("Nina");
    assertThat(options.tls()).isFalse();
    assertThat(options.tlsCa()).isNull();
    assertThat(options(Map.of(), "--port", "12000", "--port", "12001").port()).isEqualTo(12001);
  }

  @Test
  void whatIsNotGivenIsLeftToAskFor() {
    ClientOptions options = options(Map.of());
    assertThat(options.host()).isNull();
    assertThat(options.port()).isNull();
    assertThat(options.name()).isNull();
    assertThat(options.tls()).isFalse();
  }

  @Test
  void tlsIsAFlagAndACertificateFileTurnsItOn() {
    ClientOptions tls = options(Map.of(), "--tls", "--host", "chat.example");
    assertThat(tls.tls()).isTrue();
    assertThat(tls.host()).isEqualTo("chat.example");
    assertThat(tls.tlsCa()).isNull();
    ClientOptions ca = options(Map.of(), "--tls-ca=ca.pem");
    assertThat(ca.tls()).isTrue();
    assertThat(ca.tlsCa()).isEqualTo("ca.pem");
    assertThat(options(Map.of(), "--port", "12000").tls()).isFalse();
  }

  @Test
  void theEnvironmentSaysTheSameAndFlagsWin() {
    ClientOptions env = options(Map.of("CHATNET_HOST", "10.0.0.7", "CHATNET_PORT", "12001", "CHATNET_NAME", "Jose",
        "CHATNET_TLS_CA", "theirs.pem"));
    assertThat(env.host()).isEqualTo("10.0.0.7");
    assertThat(env.port()).isEqualTo(12001);
    assertThat(env.name()).isEqualTo("Jose");
    assertThat(env.tls()).isTrue();
    assertThat(options(Map.of("CHATNET_TLS", "true")).tls()).isTrue();
    assertThat(options(Map.of("CHATNET_TLS", " TRUE ")).tls()).isTrue();
    assertThat(options(Map.of("CHATNET_TLS", "false")).tls()).isFalse();
    assertThat(options(Map.of("CHATNET_TLS", "yes")).tls()).isFalse();
    assertThat(options(Map.of("CHATNET_HOST", "  ")).host()).isNull();
    ClientOptions flags = options(Map.of("CHATNET_TLS_CA", "theirs.pem", "CHATNET_PORT", "12001", "CHATNET_NAME", "Jose"),
        "--tls-ca", "mine.pem", "--port", "12002", "--name", "Nina");
    assertThat(flags.tlsCa()).isEqualTo("mine.pem");
    assertThat(flags.port()).isEqualTo(12002);
    assertThat(flags.name()).isEqualTo("Nina");
  }

  @Test
  void aBadFlagOrValueIsOneLineOnStandardErrorAndStatusTwo() {
    assertRefused("chatnet-client: Unknown option: '--bogus' (see --help)\n", Map.of(), "--bogus");
    assertRefused("chatnet-client: Missing required parameter for option '--tls-ca' (FILE) (see --help)\n",
        Map.of(), "--tls-ca");
    assertRefused("chatnet-client: Invalid value for option '--port': The port must be a number from 1 to 65535."
        + " (see --help)\n", Map.of(), "--port", "70000");
    assertRefused("chatnet-client: Invalid value for option '--port': The port must be a number from 1 to 65535."
        + " (see --help)\n", Map.of("CHATNET_PORT", "twelve"));
    assertThat(parse(Map.of(), "--tls=yes").exitStatus()).isEqualTo(ClientOptions.USAGE_ERROR);
    assertThat(parse(Map.of(), "Nina").exitStatus()).isEqualTo(ClientOptions.USAGE_ERROR);
  }

  private void assertRefused(String line, Map<String, String> env, String... args) {
    err.getBuffer().setLength(0);
    ClientOptions.Parsed parsed = parse(env, args);
    assertThat(parsed.options()).isNull();
    assertThat(parsed.exitStatus()).isEqualTo(2);
    assertThat(err.toString().replace(System.lineSeparator(), "\n")).isEqualTo(line);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void helpListsEveryFlagWithItsVariableAndExitsZero() {
    for (String flag : new String[] {"--help", "-h"}) {
      out.getBuffer().setLength(0);
      ClientOptions.Parsed parsed = parse(Map.of(), flag);
      assertThat(parsed.options()).isNull();
      assertThat(parsed.exitStatus()).isZero();
      assertThat(out.toString()).startsWith("Usage: chatnet-client ")
          .contains("--host=HOST", "CHATNET_HOST", "--port=PORT", "CHATNET_PORT", "--name=NAME", "CHATNET_NAME",
              "--tls ", "CHATNET_TLS=true", "--tls-ca=FILE", "CHATNET_TLS_CA", "--help", "--version");
    }
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionSaysDevWhenRunFromClassesAndExitsZero() {
    ClientOptions.Parsed parsed = parse(Map.of(), "--version");
    assertThat(parsed.options()).isNull();
    assertThat(parsed.exitStatus()).isZero();
    // Run from target/classes there is no jar manifest; the jar's own version is checked where the jar runs.
    assertThat(out.toString().trim()).isEqualTo("chatnet-client dev");
    assertThat(err.toString()).isEmpty();
  }
}
