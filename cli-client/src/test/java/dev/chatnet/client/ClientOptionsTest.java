package dev.chatnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

  @Test
  void tlsIsAFlagAndACertificateFileTurnsItOn() {
    assertThat(ClientOptions.parse(new String[] {"--tls", "--host", "chat.example"}, Map.of()))
        .containsEntry("tls", "").containsEntry("host", "chat.example").doesNotContainKey("tls-ca");
    assertThat(ClientOptions.parse(new String[] {"--tls-ca=ca.pem"}, Map.of()))
        .containsEntry("tls", "").containsEntry("tls-ca", "ca.pem");
    assertThat(ClientOptions.parse(new String[] {"--port", "12000"}, Map.of())).doesNotContainKey("tls");
  }

  @Test
  void theEnvironmentSaysTheSameAndFlagsWin() {
    assertThat(ClientOptions.parse(new String[0], Map.of("CHATNET_TLS", "true"))).containsEntry("tls", "");
    assertThat(ClientOptions.parse(new String[0], Map.of("CHATNET_TLS", "false"))).doesNotContainKey("tls");
    assertThat(ClientOptions.parse(new String[] {"--tls-ca", "mine.pem"}, Map.of("CHATNET_TLS_CA", "theirs.pem")))
        .containsEntry("tls-ca", "mine.pem");
  }

  @Test
  void aCertificateFileNeedsItsName() {
    assertThatThrownBy(() -> ClientOptions.parse(new String[] {"--tls-ca"}, Map.of()))
        .hasMessage("Option --tls-ca needs a value");
    assertThatThrownBy(() -> ClientOptions.parse(new String[] {"--tls=yes"}, Map.of()))
        .hasMessage("Unknown option --tls=yes");
  }
}
