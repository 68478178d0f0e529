package dev.chatnet.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private final JsonObject defaults = new JsonObject()
      .put("port", 12000)
      .put("data-dir", "/var/lib/chatnet")
      .put("cluster", false)
      .put("metrics", true)
      .put("request-timeout", 5000L);

  @Test
  void flagsWinOverEnvironmentWhichWinsOverDefaults() {
    JsonObject config = Settings.load(new String[] {"--port", "13000"},
        Map.of("CHATNET_PORT", "14000", "CHATNET_DATA_DIR", "/tmp/x"), defaults);
    assertThat(config.getInteger("port")).isEqualTo(13000);
    assertThat(config.getString("data-dir")).isEqualTo("/tmp/x");
    assertThat(config.getLong("request-timeout")).isEqualTo(5000L);
    assertThat(config.getBoolean("metrics")).isTrue();
  }

  @Test
  void acceptsEqualsFormAndBareOrValuedBooleans() {
    JsonObject config = Settings.load(new String[] {"--port=1", "--cluster", "--request-timeout", "7", "--metrics", "false"},
        Map.of(), defaults);
    assertThat(config.getInteger("port")).isEqualTo(1);
    assertThat(config.getBoolean("cluster")).isTrue();
    assertThat(config.getLong("request-timeout")).isEqualTo(7L);
    assertThat(config.getBoolean("metrics")).isFalse();
    JsonObject equals = Settings.load(new String[] {"--metrics=false", "--cluster=true"}, Map.of(), defaults);
    assertThat(equals.getBoolean("metrics")).isFalse();
    assertThat(equals.getBoolean("cluster")).isTrue();
  }

  @Test
  void aFlagGivenTwiceCountsItsLastValueAndAnAtSignIsAValue() {
    JsonObject config = Settings.load(new String[] {"--port", "1", "--port", "2", "--data-dir", "@pom.xml"}, Map.of(), defaults);
    assertThat(config.getInteger("port")).isEqualTo(2);
    assertThat(config.getString("data-dir")).isEqualTo("@pom.xml");
  }

  @Test
  void rejectsUnknownOptionsAndBadValuesWithOneClearLine() {
    assertThatThrownBy(() -> Settings.load(new String[] {"--prot", "1"}, Map.of(), defaults))
        .hasMessageStartingWith("Unknown option").hasMessageContaining("'--prot'").hasMessageNotContaining("\n");
    assertThatThrownBy(() -> Settings.load(new String[] {"--port", "many"}, Map.of(), defaults))
        .hasMessage("Invalid value for option '--port': 'many' is not an int");
    assertThatThrownBy(() -> Settings.load(new String[] {"--port"}, Map.of(), defaults))
        .hasMessageContaining("Missing required parameter for option '--port'");
    assertThatThrownBy(() -> Settings.load(new String[] {"stray"}, Map.of(), defaults))
        .hasMessageContaining("'stray'");
    assertThatThrownBy(() -> Settings.load(new String[] {"--cluster", "maybe"}, Map.of(), defaults))
        .hasMessageContaining("'maybe'");
    assertThatThrownBy(() -> Settings.load(new String[0], Map.of("CHATNET_PORT", "many"), defaults))
        .hasMessage("CHATNET_PORT takes a whole number, not 'many'");
    assertThatThrownBy(() -> Settings.load(new String[0], Map.of("CHATNET_METRICS", "yes"), defaults))
        .hasMessage("CHATNET_METRICS takes true or false, not 'yes'");
  }

  @Test
  void helpNamesEveryOptionItsVariableAndItsDefault() {
    Settings.Parsed help = Settings.parse("x", new String[] {"--help"}, Map.of("CHATNET_PORT", "14000"), defaults);
    assertThat(help.config()).isNull();
    assertThat(help.text()).startsWith("Usage: x")
        .contains("--data-dir", "CHATNET_DATA_DIR", "default: /var/lib/chatnet", "--version")
        .contains("CHATNET_PORT, default: 14000");
  }

  @Test
  void versionNamesTheCommand() {
    Settings.Parsed version = Settings.parse("gateway", new String[] {"--version"}, Map.of(), defaults);
    assertThat(version.config()).isNull();
    assertThat(version.text()).isEqualTo("gateway " + Settings.version() + "\n");
  }
}
